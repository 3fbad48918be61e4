import { Logger } from '@nestjs/common';
import { describeError } from './errors/describe-error';

/**
 * No single request may stop the server. A promise rejected with nobody to catch it (a
 * callback of a driver or a plugin that threw) is logged as an error and the process goes on
 * serving; Node's default would exit. Request errors themselves never get here: the filters
 * answer them as a logged 500 for that request.
 */
export function installProcessGuard(logger = new Logger('Process')): void {
  process.on('unhandledRejection', (reason) => {
    logger.error(`unhandled rejection, the process goes on: ${describeError(reason)}`);
  });
}
