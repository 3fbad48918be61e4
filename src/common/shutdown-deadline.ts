import { Logger } from '@nestjs/common';

/**
 * The graceful stop itself is Nest's (enableShutdownHooks) and Fastify's: on SIGTERM or
 * SIGINT the server stops listening, closes idle keep-alive connections, answers requests
 * that still arrive on open connections with 503 + `Connection: close`, lets the requests in
 * progress finish, and only then do the modules close Redis, mail and the database. This
 * bounds it: a request that never ends (a client that stops sending, a hung database) cannot
 * keep the process alive past `seconds`.
 */
export function installShutdownDeadline(seconds: number, logger = new Logger('Shutdown')): void {
  const arm = (signal: NodeJS.Signals) => {
    logger.log(`${signal}: finishing the requests in progress, at most ${seconds} s`);
    setTimeout(() => {
      logger.error(`requests or connections still open after ${seconds} s (SHUTDOWN_TIMEOUT_SECONDS); exiting now`);
      process.exit(1);
    }, seconds * 1000).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}
