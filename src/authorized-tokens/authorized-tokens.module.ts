import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { AccessToken } from './access-token.entity';
import { AccessTokenVerifier } from './access-token-verifier.service';
import { AccessTokensService } from './access-tokens.service';
import { AuthorizationCodesService } from './authorization-codes.service';
import { AuthorizationCode } from './authorization-code.entity';
import { AuthorizedTokensController } from './authorized-tokens.controller';
import { AuthorizedTokensService } from './authorized-tokens.service';
import { BearerGuard } from './bearer/bearer.guard';
import { BearerStrategy } from './bearer/bearer.strategy';
import { Consent } from './consent.entity';
import { ConsentsService } from './consents.service';
import { SigningKeysService } from './keys/signing-keys.service';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokensService } from './refresh-tokens.service';
import { TokenCleanupService } from './token-cleanup.service';
import { TokenIssuer } from './token-issuer.service';

const SERVICES = [
  SigningKeysService,
  AccessTokensService,
  RefreshTokensService,
  AuthorizationCodesService,
  TokenIssuer,
  ConsentsService,
  AccessTokenVerifier,
  BearerStrategy,
  BearerGuard,
  TokenCleanupService,
];

/** Issued tokens, codes and consents; the bearer guard the resource APIs use. */
@Module({
  imports: [TypeOrmModule.forFeature([AccessToken, RefreshToken, AuthorizationCode, Consent]), PassportModule, AccountsModule],
  controllers: [AuthorizedTokensController],
  providers: [...SERVICES, AuthorizedTokensService],
  exports: SERVICES,
})
export class AuthorizedTokensModule {}
