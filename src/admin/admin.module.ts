import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApplicationsModule } from '../applications/applications.module';
import { TokensModule } from '../tokens/tokens.module';
import { AdminApplicationsController } from './admin-applications.controller';
import { AdminAuditController } from './admin-audit.controller';
import { AdminAuthorizationsController } from './admin-authorizations.controller';
import { AdminGroupsController } from './admin-groups.controller';
import { AdminHomeController } from './admin-home.controller';
import { AdminUsersController } from './admin-users.controller';
import { GroupFormInterceptor, UserFormInterceptor } from './admin-form.interceptor';
import { UserPageModel } from './user-page';

/**
 * The operator console under /admin (CONTRACT §7): staff only, a 404 for anyone else. It owns
 * no table: every change goes through the owning module's service, which records it.
 */
@Module({
  imports: [AccountsModule, ApplicationsModule, TokensModule],
  providers: [UserPageModel, UserFormInterceptor, GroupFormInterceptor],
  controllers: [
    AdminHomeController,
    AdminUsersController,
    AdminGroupsController,
    AdminApplicationsController,
    AdminAuthorizationsController,
    AdminAuditController,
  ],
})
export class AdminModule {}
