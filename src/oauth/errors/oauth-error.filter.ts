import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { writeOAuthError } from './oauth-error.response';

/** `@UseFilters(OAuthErrorFilter)` on the token, revocation and introspection controllers. */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    writeOAuthError(reply, exception);
  }
}
