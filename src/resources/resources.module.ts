import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { TokensModule } from '../tokens/tokens.module';
import { ResourcesController } from './resources.controller';
import { ResourcesService } from './resources.service';

/** The user and group resources, read by client applications with a Bearer token. */
@Module({
  imports: [TokensModule, AccountsModule],
  controllers: [ResourcesController],
  providers: [ResourcesService],
})
export class ResourcesModule {}
