import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { appConfig, AppConfig } from './config/configuration';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true });
  configureApp(app);
  const config = app.get<AppConfig>(appConfig.KEY);
  await app.listen(config.port);
  new Logger('Bootstrap').log(`auth-center listening on port ${config.port}, issuer ${config.issuer}`);
}

bootstrap().catch((err: unknown) => {
  // Configuration errors name the variable; print them without a stack.
  process.stderr.write(`auth-center failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
