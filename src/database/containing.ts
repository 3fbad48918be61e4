import { FindOperator, Raw } from 'typeorm';

let sequence = 0;

/**
 * A where-clause operator: the column contains `text`, whose `%` and `_` are letters, not
 * wildcards. `!` is the escape character: SQLite has no default one, and a backslash would be
 * read differently by the two databases' string literals. Each use has its own parameter name,
 * so that several can share one query.
 */
export function containing(text: string): FindOperator<string> {
  const name = `contains${++sequence}`;
  const pattern = `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return Raw((column) => `${column} LIKE :${name} ESCAPE '!'`, { [name]: pattern });
}
