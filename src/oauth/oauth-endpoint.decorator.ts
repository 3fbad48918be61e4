import { applyDecorators, Controller, Header, HttpCode, Post, UseFilters } from '@nestjs/common';
import { Public } from '../common/decorators/public.decorator';
import { SkipCsrf } from '../common/decorators/skip-csrf.decorator';
import { Policy } from '../common/web/route-policy';
import { OAuthErrorFilter } from './errors/oauth-error.filter';

/**
 * A client-facing protocol controller: no session or CSRF (clients authenticate themselves),
 * every error as RFC 6749 §5.2 JSON.
 */
export const OAuthController = () => applyDecorators(Controller('oauth'), Public(), SkipCsrf(), UseFilters(OAuthErrorFilter));

/**
 * POST endpoint answering 200 JSON that must never be cached (RFC 6749 §5.1); no session,
 * callable from any origin, every error (also a malformed body) as OAuth JSON.
 */
export const OAuthPost = (path: string) =>
  applyDecorators(
    Post(path),
    HttpCode(200),
    Header('Cache-Control', 'no-store'),
    Header('Pragma', 'no-cache'),
    Policy({ sessionless: true, cors: true, oauthErrors: true }),
  );
