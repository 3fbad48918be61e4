import { Injectable, NotFoundException, PipeTransform } from '@nestjs/common';

/**
 * `@Param('pk', PkPipe)`: a positive integer id, else 404 (not 400), so that a malformed id
 * answers exactly like an id the caller may not see.
 */
@Injectable()
export class PkPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    if (typeof value !== 'string' || !/^[1-9]\d{0,14}$/.test(value)) throw new NotFoundException();
    return Number(value);
  }
}
