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
