import { ValueTransformer } from 'typeorm';

/** A string list kept in one column, space-separated (scopes, grant types). */
export const spaceSeparated: ValueTransformer = {
  to: (v: string[] | undefined) => (v ?? []).join(' '),
  from: (v: string | null) => (v ? v.split(' ').filter(Boolean) : []),
};

/** A string list kept in one text column, one item a line (redirect URIs). */
export const lineSeparated: ValueTransformer = {
  to: (v: string[] | undefined) => (v ?? []).join('\n'),
  from: (v: string | null) => (v ? v.split('\n').filter(Boolean) : []),
};

/** Like lineSeparated, for a nullable column: an empty list is NULL. */
export const optionalLineSeparated: ValueTransformer = {
  to: (v: string[] | null | undefined) => (v && v.length > 0 ? v.join('\n') : null),
  from: lineSeparated.from,
};

/** A small JSON object kept in a text column (audit details). */
export const jsonText: ValueTransformer = {
  to: (v: Record<string, unknown> | undefined) => JSON.stringify(v ?? {}),
  from: (v: string | null) => (v ? (JSON.parse(v) as Record<string, unknown>) : {}),
};
