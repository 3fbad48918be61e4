import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { sessionConfig, SessionConfig } from '../config/configuration';
import { AccountToken } from './account-token.entity';
import { AccountsController } from './accounts.controller';
import { Group } from './group.entity';
import { LocalStrategy } from './local.strategy';
import { LoginThrottle } from './login-throttle.service';
import { SessionRecord } from './session.entity';
import { SessionSerializer } from './session.serializer';
import { TypeormSessionStore } from './session.store';
import { UserGroup } from './user-group.entity';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, Group, UserGroup, SessionRecord, AccountToken]), PassportModule.register({ session: true })],
  controllers: [AccountsController],
  providers: [
    UsersService,
    LocalStrategy,
    LoginThrottle,
    SessionSerializer,
    {
      provide: TypeormSessionStore,
      inject: [getRepositoryToken(SessionRecord), sessionConfig.KEY],
      useFactory: (repo: Repository<SessionRecord>, cfg: SessionConfig) => new TypeormSessionStore(repo, cfg.ttlSeconds * 1000),
    },
  ],
  exports: [UsersService, TypeormSessionStore],
})
export class AccountsModule {}
