import { Global, Module } from '@nestjs/common';
import { HousekeepingService } from './housekeeping.service';

/** Global, so that every module can register a sweeper for its own tables. */
@Global()
@Module({ providers: [HousekeepingService], exports: [HousekeepingService] })
export class HousekeepingModule {}
