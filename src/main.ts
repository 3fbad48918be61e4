import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { installProcessGuard } from './common/process-guard';
import { installShutdownDeadline } from './common/shutdown-deadline';
import { warnIfProxyUntrusted } from './common/web/proxy-trap';
import { appConfig, AppConfig, assertValidEnvironment } from './config/configuration';

async function bootstrap(): Promise<void> {
  // Imported here, not above: loading AppModule reads .env, which must happen before the check.
  const { AppModule } = await import('./app.module');
  assertValidEnvironment();
  const app = await createApp(AppModule, { bufferLogs: true });
  const config = app.get<AppConfig>(appConfig.KEY);
  await app.listen(config.port);
  installProcessGuard();
  installShutdownDeadline(config.shutdownTimeoutSeconds);
  new Logger('Bootstrap').log(`auth-center listening on port ${config.port}, issuer ${config.issuer}`);
  warnIfProxyUntrusted(config.issuer, config.trustProxy);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`auth-center failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
