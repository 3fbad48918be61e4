import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessToken } from '../tokens/access-token.entity';
import { AuthorizationCode } from '../tokens/authorization-code.entity';
import { Consent } from '../tokens/consent.entity';
import { RefreshToken } from '../tokens/refresh-token.entity';
import { AuthorizedTokensController } from './authorized-tokens.controller';
import { AuthorizedTokensService } from './authorized-tokens.service';

/** The signed-in user's own grants: the pages and JSON of /oauth/authorized_tokens/. */
@Module({
  imports: [TypeOrmModule.forFeature([AccessToken, RefreshToken, AuthorizationCode, Consent])],
  controllers: [AuthorizedTokensController],
  providers: [AuthorizedTokensService],
})
export class AuthorizedTokensModule {}
