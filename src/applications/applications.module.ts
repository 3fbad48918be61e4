import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Application } from './application.entity';
import { ApplicationFormInterceptor } from './application-form.interceptor';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { GrantCatalog } from './grant-catalog';

@Module({
  imports: [TypeOrmModule.forFeature([Application])],
  controllers: [ApplicationsController],
  providers: [ApplicationsService, GrantCatalog, ApplicationFormInterceptor],
  exports: [ApplicationsService, GrantCatalog],
})
export class ApplicationsModule {}
