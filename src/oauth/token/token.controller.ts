import { Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { TokenResponse } from '../../tokens/token-issuer.service';
import { OAuthController, OAuthPost } from '../oauth-endpoint.decorator';
import { TokenService } from './token.service';

/** POST /oauth/token/: client-authenticated, so neither a session nor a CSRF token applies. */
@OAuthController()
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  @OAuthPost('token')
  token(@Req() req: FastifyRequest): Promise<TokenResponse> {
    return this.tokens.exchange(req);
  }
}
