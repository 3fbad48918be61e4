import { NotFoundException } from '@nestjs/common';

export type ResourceFormat = 'json' | 'html';

/**
 * `5`, `5.json` or `5.html` → the id and the format (JSON by default). Parsed here rather than
 * by two routes, since path-to-regexp would read `5.json` as the id. Anything else is a 404.
 */
export function parseResourcePk(raw: string): { pk: number; format: ResourceFormat } {
  const m = /^([1-9]\d{0,14})(?:\.(json|html))?$/.exec(raw);
  if (!m) throw new NotFoundException();
  return { pk: Number(m[1]), format: (m[2] as ResourceFormat | undefined) ?? 'json' };
}
