/** The new row's id after an INSERT without re-read: better-sqlite3 reports the rowid, mysql2 an OkPacket. */
export function insertedId(raw: unknown, identifiers: Array<Record<string, unknown>>): number {
  const fromIdentifiers = identifiers[0]?.id;
  if (typeof fromIdentifiers === 'number') return fromIdentifiers;
  if (typeof raw === 'number') return raw;
  return Number((raw as { insertId?: unknown }).insertId);
}
