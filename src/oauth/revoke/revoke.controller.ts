import { Controller, Header, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../../common/decorators/public.decorator';
import { SkipCsrf } from '../../common/decorators/skip-csrf.decorator';
import { OAuthErrorFilter } from '../errors/oauth-error.filter';
import { RevokeService } from './revoke.service';

/** POST /oauth/revoke_token/ (RFC 7009). */
@Controller('oauth')
@Public()
@SkipCsrf()
@UseFilters(OAuthErrorFilter)
export class RevokeController {
  constructor(private readonly revocation: RevokeService) {}

  @Post('revoke_token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async revoke(@Req() req: Request): Promise<void> {
    await this.revocation.revoke(req);
  }
}
