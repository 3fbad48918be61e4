import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp, usingMysql } from '../support/app';
import { basic, PASSWORD, postForm, seedApp, SeededApp, seedUser } from '../support/oauth';

// A real fault inside the refresh: the database itself refuses the new refresh token's row.
const FAULT = 'fail_refresh_insert';
const addFault = (t: TestApp) =>
  t.dataSource.query(
    usingMysql()
      ? `CREATE TRIGGER ${FAULT} BEFORE INSERT ON refresh_tokens FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected fault'`
      : `CREATE TRIGGER ${FAULT} BEFORE INSERT ON refresh_tokens BEGIN SELECT RAISE(ABORT, 'injected fault'); END`,
  );
const removeFault = (t: TestApp) => t.dataSource.query(`DROP TRIGGER IF EXISTS ${FAULT}`);

describe('refresh grant: claiming the old token and issuing the new ones is one transaction', () => {
  let t: TestApp;
  let app: SeededApp;
  let username: string;
  const token = (fields: Record<string, string>) => postForm(t, '/oauth/token/', fields, { authorization: basic(app.clientId, app.clientSecret!) });

  before(async () => {
    t = await startApp();
    await removeFault(t);
    const user = await seedUser(t);
    username = user.username;
    app = await seedApp(t, user.id, { grantTypes: ['password', 'refresh_token'] });
  });
  after(async () => {
    await removeFault(t);
    await t.close();
  });

  it('a refresh that fails after its claim leaves the old refresh token usable, and issues nothing', async () => {
    const first = await token({ grant_type: 'password', username, password: PASSWORD, scope: 'read' });
    assert.equal(first.status, 200, first.text);
    const countAccess = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM access_tokens'))[0].n);
    const accessBefore = await countAccess();

    await addFault(t);
    try {
      const failed = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token });
      assert.ok(failed.status >= 500, `the fault surfaces as a server error, not ${failed.status}`);
      assert.equal(failed.json?.access_token, undefined);
    } finally {
      await removeFault(t);
    }
    assert.equal(await countAccess(), accessBefore, 'the access token of the failed refresh was rolled back');

    const retried = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token });
    assert.equal(retried.status, 200, retried.text);
    assert.ok(retried.json.access_token);
    const next = await token({ grant_type: 'refresh_token', refresh_token: retried.json.refresh_token });
    assert.equal(next.status, 200, 'the family was not revoked');
  });

  it('two racing refreshes of one token still have exactly one winner', async () => {
    const first = await token({ grant_type: 'password', username, password: PASSWORD, scope: 'read' });
    const results = await Promise.all([1, 2, 3, 4].map(() => token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token })));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 400, 400, 400]);
    const winner = results.find((r) => r.status === 200)!;
    assert.equal((await token({ grant_type: 'refresh_token', refresh_token: winner.json.refresh_token })).status, 200);
  });
});
