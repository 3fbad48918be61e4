import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApplicationsModule } from '../applications/applications.module';
import { TokensModule } from '../tokens/tokens.module';
import { AuthorizeController } from './authorize/authorize.controller';
import { AuthorizeService } from './authorize/authorize.service';
import { ClientAuthService } from './client-auth/client-auth.service';
import { IntrospectController } from './introspect/introspect.controller';
import { IntrospectService } from './introspect/introspect.service';
import { MetadataController } from './metadata/metadata.controller';
import { MetadataService } from './metadata/metadata.service';
import { RevokeController } from './revoke/revoke.controller';
import { RevokeService } from './revoke/revoke.service';
import { GRANT_PROVIDERS, GrantRegistry } from './grants/registry';
import { TokenController } from './token/token.controller';
import { TokenService } from './token/token.service';
import { TokenBinding } from './token/token-binding';
import { LogoutController } from './logout/logout.controller';
import { LogoutService } from './logout/logout.service';
import { UserinfoController } from './userinfo/userinfo.controller';
import { UserinfoService } from './userinfo/userinfo.service';

/** The OAuth 2 and OpenID Connect endpoints: authorize, token (the grant registry), revoke, introspect, metadata, userinfo, logout. */
@Module({
  imports: [ApplicationsModule, TokensModule, AccountsModule],
  controllers: [AuthorizeController, TokenController, RevokeController, IntrospectController, MetadataController, UserinfoController, LogoutController],
  providers: [
    AuthorizeService,
    ClientAuthService,
    TokenService,
    TokenBinding,
    ...GRANT_PROVIDERS,
    GrantRegistry,
    RevokeService,
    IntrospectService,
    MetadataService,
    UserinfoService,
    LogoutService,
  ],
})
export class OAuthModule {}
