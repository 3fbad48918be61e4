import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Repository } from 'typeorm';
import { deleteExpiredRows } from './expired-rows';

type Row = { id: number; expiresAt: Date };

/** A repository whose queries answer without giving the event loop a turn (as SQLite's driver does). */
function fakeRepo(count: number) {
  let rows: Row[] = Array.from({ length: count }, (_, i) => ({ id: i + 1, expiresAt: new Date(0) }));
  const deletes: number[] = [];
  const repo = {
    find: ({ take }: { take: number }) => Promise.resolve(rows.slice(0, take)),
    delete: (ids: number[]) => {
      deletes.push(ids.length);
      rows = rows.filter((r) => !ids.includes(r.id));
      return Promise.resolve({ affected: ids.length });
    },
  };
  return { repo: repo as unknown as Repository<Row>, deletes };
}

describe('deleteExpiredRows', () => {
  it('deletes in batches of at most 200 rows and lets other work run between two batches', async () => {
    const { repo, deletes } = fakeRepo(1000);
    // Counts the event-loop turns (setImmediate) that other work gets while the purge runs.
    let turns = 0;
    let purging = true;
    const other = (async () => {
      while (purging) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turns++;
      }
    })();
    const deleted = await deleteExpiredRows(repo, new Date());
    const seen = turns;
    purging = false;
    await other;
    assert.equal(deleted, 1000);
    assert.ok(Math.max(...deletes) <= 200, `largest batch ${Math.max(...deletes)}`);
    assert.ok(seen >= deletes.length - 1, `other work ran ${seen} times during ${deletes.length} batches`);
  });
});
