import { Module } from '@nestjs/common';
import { MailService } from './mail.service';
import { MailTransport } from './mail.transport';

@Module({ providers: [MailService, MailTransport], exports: [MailService] })
export class MailModule {}
