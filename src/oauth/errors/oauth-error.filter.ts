import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { writeOAuthError } from './oauth-error.response';

/** `@UseFilters(OAuthErrorFilter)` on the token, revocation and introspection controllers. */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    writeOAuthError(res, exception);
  }
}
