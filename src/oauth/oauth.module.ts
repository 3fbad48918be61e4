import { MiddlewareConsumer, Module, NestModule, OnModuleInit, RequestMethod } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module';
import { ApplicationsModule } from '../applications/applications.module';
import { AuthorizedTokensModule } from '../authorized-tokens/authorized-tokens.module';
import { AuthorizeController } from './authorize/authorize.controller';
import { AuthorizeService } from './authorize/authorize.service';
import { ClientAuthService } from './client-auth/client-auth.service';
import { oauthCors } from './cors';
import { oauthBodyErrors } from './errors/oauth-body-errors';
import { IntrospectController } from './introspect/introspect.controller';
import { IntrospectService } from './introspect/introspect.service';
import { MetadataController } from './metadata/metadata.controller';
import { MetadataService } from './metadata/metadata.service';
import { RevokeController } from './revoke/revoke.controller';
import { RevokeService } from './revoke/revoke.service';
import { AuthorizationCodeGrant } from './token/grants/authorization-code.grant';
import { ClientCredentialsGrant } from './token/grants/client-credentials.grant';
import { PasswordGrant } from './token/grants/password.grant';
import { RefreshTokenGrant } from './token/grants/refresh-token.grant';
import { TokenController } from './token/token.controller';
import { TokenService } from './token/token.service';

const CORS_ROUTES = ['oauth/token', 'oauth/revoke_token', 'oauth/introspect', 'oauth/jwks', '.well-known/oauth-authorization-server'];

/** The OAuth 2 protocol endpoints (CONTRACT §2.4). */
@Module({
  imports: [ApplicationsModule, AuthorizedTokensModule, AccountsModule],
  controllers: [AuthorizeController, TokenController, RevokeController, IntrospectController, MetadataController],
  providers: [
    AuthorizeService,
    ClientAuthService,
    TokenService,
    AuthorizationCodeGrant,
    PasswordGrant,
    ClientCredentialsGrant,
    RefreshTokenGrant,
    RevokeService,
    IntrospectService,
    MetadataService,
  ],
})
export class OAuthModule implements NestModule, OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(oauthCors).forRoutes(...CORS_ROUTES.map((path) => ({ path, method: RequestMethod.ALL })));
  }

  /** Runs after the routes are registered and before Nest's own error handler (see oauthBodyErrors). */
  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance?.() as { use?: (fn: unknown) => void } | undefined;
    instance?.use?.(oauthBodyErrors);
  }
}
