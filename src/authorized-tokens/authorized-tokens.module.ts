import { Module } from '@nestjs/common';
import { TokensModule } from '../tokens/tokens.module';
import { AuthorizedTokensController } from './authorized-tokens.controller';

/** The signed-in user's own grants: the pages and JSON of /oauth/authorized_tokens/. */
@Module({
  imports: [TokensModule],
  controllers: [AuthorizedTokensController],
})
export class AuthorizedTokensModule {}
