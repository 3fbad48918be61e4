import { Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { pino } from 'pino';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AccountsModule } from './accounts/accounts.module';
import { ApplicationsModule } from './applications/applications.module';
import { AuthorizedTokensModule } from './authorized-tokens/authorized-tokens.module';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { CsrfGuard } from './common/web/csrf';
import { SessionAuthGuard } from './common/web/session-auth.guard';
import { ALL_CONFIG } from './config/configuration';
import { loggerOptions } from './config/logger.options';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { HousekeepingModule } from './housekeeping/housekeeping.module';
import { MailModule } from './mail/mail.module';
import { MetricsModule } from './metrics/metrics.module';
import { OAuthModule } from './oauth/oauth.module';
import { ResourcesModule } from './resources/resources.module';
import { TokensModule } from './tokens/tokens.module';

@Module({
  imports: [
    // Loads .env into the environment; every namespace validates it (config/env.validation.ts).
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: false, load: ALL_CONFIG, cache: true }),
    LoggerModule.forRootAsync(loggerOptions),
    DatabaseModule,
    MetricsModule,
    RateLimitModule,
    HousekeepingModule,
    AuditModule,
    HealthModule,
    MailModule,
    AccountsModule,
    ApplicationsModule,
    TokensModule,
    AuthorizedTokensModule,
    OAuthModule,
    ResourcesModule,
    AdminModule,
  ],
  providers: [
    { provide: APP_GUARD, useClass: SessionAuthGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule implements OnApplicationShutdown {
  /**
   * Runs after open requests finished and connections closed (SIGTERM, SIGINT). pino writes
   * to stdout asynchronously and Nest re-raises the signal next: flush, or the last lines die
   * with the process.
   */
  async onApplicationShutdown(signal?: string): Promise<void> {
    new Logger('Shutdown').log(`auth-center stopped${signal ? ` on ${signal}` : ''}`);
    await drainLogs();
  }
}

type Destination = { _writing?: boolean; _len?: number };

/**
 * Waits (at most a second) until pino's destination has written every line. Its flush()
 * answers at once when nothing is held back for batching (sonic-boom with minLength 0), while
 * the last line may still be in an asynchronous write: the signal would end the process first.
 */
async function drainLogs(): Promise<void> {
  const root = PinoLogger.root as PinoLogger['logger'] | undefined;
  if (!root) return;
  await new Promise<void>((resolve) => root.flush(() => resolve()));
  const destination = (root as unknown as Record<symbol, Destination | undefined>)[pino.symbols.streamSym];
  for (let waited = 0; destination && (destination._writing || (destination._len ?? 0) > 0) && waited < 1000; waited += 5) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
