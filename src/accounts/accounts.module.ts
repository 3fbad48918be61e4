import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HousekeepingService } from '../housekeeping/housekeeping.service';
import { MailModule } from '../mail/mail.module';
import { PassportModule } from '@nestjs/passport';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { accountsConfig, AccountsConfig, sessionConfig, SessionConfig } from '../config/configuration';
import { setPasswordQueueLimit } from './password.hasher';
import { AccountToken } from './account-token.entity';
import { AccountTokensService } from './account-tokens.service';
import { AccountsController } from './accounts.controller';
import { CredentialsChangedHooks } from './credentials-changed.hooks';
import { HomeController } from './home.controller';
import { PasswordResetController } from './password-reset.controller';
import { PasswordsService } from './passwords.service';
import { ProfileController } from './profile.controller';
import { RegistrationController } from './registration.controller';
import { RegistrationService } from './registration.service';
import { Group } from './group.entity';
import { PendingRegistration } from './pending-registration.entity';
import { LocalStrategy } from './local.strategy';
import { SignInService } from './sign-in.service';
import { SignInThrottle } from './sign-in-throttle';
import { SessionRecord } from './session.entity';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { TypeormSessionStore } from './session.store';
import { UserGroup } from './user-group.entity';
import { User } from './user.entity';
import { UsersService } from './users.service';
import { UserDirectoryService } from './user-directory.service';
import { GroupsService } from './groups.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, Group, UserGroup, SessionRecord, AccountToken, PendingRegistration]), PassportModule, MailModule],
  controllers: [HomeController, AccountsController, RegistrationController, PasswordResetController, ProfileController, SessionsController],
  providers: [
    CredentialsChangedHooks,
    UsersService,
    SessionsService,
    UserDirectoryService,
    GroupsService,
    AccountTokensService,
    RegistrationService,
    PasswordsService,
    LocalStrategy,
    SignInService,
    SignInThrottle,
    {
      provide: TypeormSessionStore,
      inject: [getRepositoryToken(SessionRecord), sessionConfig.KEY],
      useFactory: (repo: Repository<SessionRecord>, cfg: SessionConfig) => new TypeormSessionStore(repo, cfg.ttlSeconds * 1000),
    },
  ],
  exports: [
    UsersService,
    GroupsService,
    SessionsService,
    PasswordsService,
    UserDirectoryService,
    SignInService,
    TypeormSessionStore,
    AccountTokensService,
    CredentialsChangedHooks,
  ],
})
export class AccountsModule implements OnModuleInit {
  constructor(
    private readonly housekeeping: HousekeepingService,
    private readonly sessions: TypeormSessionStore,
    private readonly links: AccountTokensService,
    private readonly credentialsChanged: CredentialsChangedHooks,
    private readonly registration: RegistrationService,
    @Inject(accountsConfig.KEY) private readonly config: AccountsConfig,
  ) {}

  /** Expired sessions, e-mail links and registrations are this module's rows to purge; a new password ends every session. */
  onModuleInit(): void {
    this.credentialsChanged.register((userId, em) => this.sessions.destroyAllForUser(userId, em));
    setPasswordQueueLimit(this.config.passwordHashQueue);
    this.housekeeping.register('sessions', (now) => this.sessions.deleteExpired(now));
    this.housekeeping.register('account_tokens', (now) => this.links.deleteExpired(now));
    this.housekeeping.register('pending_registrations', (now) => this.registration.deleteExpired(now));
  }
}
