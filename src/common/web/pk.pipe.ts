import { Injectable, NotFoundException, PipeTransform } from '@nestjs/common';

/**
 * `@Param('pk', PkPipe)`: a positive integer id, else 404 (not 400), so that a malformed id
 * answers exactly like an id the caller may not see.
 */
@Injectable()
export class PkPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    // The global ValidationPipe (transform) may already have turned the string into a number.
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !/^[1-9]\d{0,14}$/.test(text)) throw new NotFoundException();
    return Number(text);
  }
}
