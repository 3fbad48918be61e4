import { Controller, Header, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../../common/decorators/public.decorator';
import { SkipCsrf } from '../../common/decorators/skip-csrf.decorator';
import { OAuthErrorFilter } from '../errors/oauth-error.filter';
import { IntrospectionResponse, IntrospectService } from './introspect.service';

/** POST /oauth/introspect/ (RFC 7662). */
@Controller('oauth')
@Public()
@SkipCsrf()
@UseFilters(OAuthErrorFilter)
export class IntrospectController {
  constructor(private readonly introspection: IntrospectService) {}

  @Post('introspect')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  introspect(@Req() req: Request): Promise<IntrospectionResponse> {
    return this.introspection.introspect(req);
  }
}
