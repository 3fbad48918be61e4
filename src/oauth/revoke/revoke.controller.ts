import { Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { OAuthController, OAuthPost } from '../oauth-endpoint.decorator';
import { RevokeService } from './revoke.service';

/** POST /oauth/revoke_token/ (RFC 7009). */
@OAuthController()
export class RevokeController {
  constructor(private readonly revocation: RevokeService) {}

  @OAuthPost('revoke_token')
  async revoke(@Req() req: FastifyRequest): Promise<void> {
    await this.revocation.revoke(req);
  }
}
