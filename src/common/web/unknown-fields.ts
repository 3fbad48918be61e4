import { getMetadataStorage } from 'class-validator';

/**
 * The fields of a request body that `dto` does not declare (the form's CSRF token aside). The
 * global ValidationPipe strips such fields; a route that must refuse them by name (RFC 7591
 * client metadata, CONTRACT §2.2) asks here first.
 */
export function unknownFields(dto: new () => object, body: Record<string, unknown>, allowed: readonly string[] = ['_csrf']): string[] {
  const known = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((m) => m.propertyName),
  );
  return Object.keys(body).filter((k) => !known.has(k) && !allowed.includes(k));
}
