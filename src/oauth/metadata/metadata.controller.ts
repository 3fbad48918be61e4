import { Controller, Get, Header } from '@nestjs/common';
import { SigningKeysService } from '../../tokens/keys/signing-keys.service';
import { Public } from '../../common/decorators/public.decorator';
import { Policy } from '../../common/web/route-policy';
import { MetadataService } from './metadata.service';

/** Discovery (RFC 8414, OpenID Connect Discovery) and the public signing keys (RFC 7517 JWK Set). */
@Controller()
@Public()
@Policy({ sessionless: true, cors: true })
export class MetadataController {
  constructor(
    private readonly metadata: MetadataService,
    private readonly keys: SigningKeysService,
  ) {}

  @Get('.well-known/oauth-authorization-server')
  @Header('Cache-Control', 'public, max-age=300')
  discovery(): Record<string, unknown> {
    return this.metadata.document;
  }

  @Get('.well-known/openid-configuration')
  @Header('Cache-Control', 'public, max-age=300')
  openidConfiguration(): Record<string, unknown> {
    return this.metadata.openidConfiguration;
  }

  @Get('oauth/jwks')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Content-Type', 'application/jwk-set+json; charset=utf-8')
  jwks(): SigningKeysService['jwks'] {
    return this.keys.jwks;
  }
}
