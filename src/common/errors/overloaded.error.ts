import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * The server has more work of this kind waiting than it accepts (the password-hashing queue
 * is full): 503 with Retry-After, answered at once instead of after a long wait.
 */
export class OverloadedError extends HttpException {
  constructor() {
    super('overloaded', HttpStatus.SERVICE_UNAVAILABLE);
  }
}
