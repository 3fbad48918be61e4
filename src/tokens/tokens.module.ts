import { Module, OnModuleInit } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApplicationsModule } from '../applications/applications.module';
import { AccountsModule } from '../accounts/accounts.module';
import { CredentialsChangedHooks } from '../accounts/credentials-changed.hooks';
import { ClientCertificates } from '../common/web/tls';
import { appConfig, AppConfig, tlsConfig, TlsConfig } from '../config/configuration';
import { deleteExpiredRows } from '../database/expired-rows';
import { HousekeepingService } from '../housekeeping/housekeeping.service';
import { AccessToken } from './access-token.entity';
import { AccessTokenVerifier } from './access-token-verifier.service';
import { AccessTokensService } from './access-tokens.service';
import { AuthorizationCode } from './authorization-code.entity';
import { AuthorizationCodesService } from './authorization-codes.service';
import { BearerAuthenticator } from './bearer/bearer-authenticator.service';
import { BearerGuard } from './bearer/bearer.guard';
import { BearerStrategy } from './bearer/bearer.strategy';
import { Consent } from './consent.entity';
import { DpopNonces } from './dpop/dpop-nonces';
import { DpopProof } from './dpop/dpop-proof.entity';
import { DpopReplayStore } from './dpop/dpop-replay.store';
import { DpopVerifier } from './dpop/dpop-verifier.service';
import { ConsentsService } from './consents.service';
import { IdTokensService } from './id-tokens.service';
import { JwtCodec } from './keys/jwt-codec.service';
import { SigningKeyRecord } from './keys/signing-key.entity';
import { SigningKeysService } from './keys/signing-keys.service';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokensService } from './refresh-tokens.service';
import { TokenIssuer } from './token-issuer.service';
import { AuthorizationsService } from './authorizations.service';
import { UserGrantsService } from './user-grants.service';

/** The request's client certificate (RFC 8705), for client authentication and bound tokens. */
const CLIENT_CERTIFICATES = {
  provide: ClientCertificates,
  useFactory: (tls: TlsConfig, app: AppConfig) => new ClientCertificates(tls, app.trustProxy),
  inject: [tlsConfig.KEY, appConfig.KEY],
};

const SERVICES = [
  CLIENT_CERTIFICATES,
  SigningKeysService,
  JwtCodec,
  AccessTokensService,
  RefreshTokensService,
  AuthorizationCodesService,
  TokenIssuer,
  IdTokensService,
  ConsentsService,
  AccessTokenVerifier,
  BearerAuthenticator,
  BearerStrategy,
  BearerGuard,
  UserGrantsService,
  DpopNonces,
  DpopReplayStore,
  DpopVerifier,
  AuthorizationsService,
];

/**
 * What a grant leaves behind: access tokens (JWT, recorded by jti), refresh tokens, codes and
 * consents; the issuer, the verifier, the signing keys and the bearer guard of the APIs; a
 * user's grants as their pages (and, later, the operators') list and revoke them.
 */
@Module({
  // Keys are chosen per token (JwtCodec): no module-wide secret.
  imports: [
    TypeOrmModule.forFeature([AccessToken, RefreshToken, AuthorizationCode, Consent, SigningKeyRecord, DpopProof]),
    PassportModule,
    JwtModule.register({}),
    AccountsModule,
    ApplicationsModule,
  ],
  providers: SERVICES,
  exports: SERVICES,
})
export class TokensModule implements OnModuleInit {
  constructor(
    private readonly housekeeping: HousekeepingService,
    private readonly credentialsChanged: CredentialsChangedHooks,
    private readonly grants: UserGrantsService,
    @InjectRepository(AuthorizationCode) private readonly codes: Repository<AuthorizationCode>,
    @InjectRepository(AccessToken) private readonly accessTokens: Repository<AccessToken>,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    private readonly dpopProofs: DpopReplayStore,
  ) {}

  onModuleInit(): void {
    // A new password ends the user's OAuth grants too (the consents stay), in its transaction.
    this.credentialsChanged.register((userId, em) => this.grants.revokeAllForUser(userId, em));
    this.housekeeping.register('authorization_codes', (now) => deleteExpiredRows(this.codes, now));
    this.housekeeping.register('access_tokens', (now) => deleteExpiredRows(this.accessTokens, now));
    this.housekeeping.register('refresh_tokens', (now) => deleteExpiredRows(this.refreshTokens, now));
    this.housekeeping.register('dpop_proofs', (now) => deleteExpiredRows(this.dpopProofs.proofs, now, 'jtiHash'));
  }
}
