import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { SessionRecord } from '../../src/accounts/session.entity';
import { makeDataDir, removeDataDir, startApp, TestApp } from '../support/app';
import { seedUser, SeededUser, signedInClient } from '../support/accounts';
import { HttpClient, htmlText } from '../support/http-client';

const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface SessionJson {
  id: string;
  created_at: string;
  last_seen_at: string;
  ip: string;
  user_agent: string;
  current: boolean;
}

describe('sign-in sessions: /accounts/sessions/', () => {
  let t: TestApp;
  let dataDir: string;

  const signInWith = async (user: SeededUser, agent: string) => {
    const c = new HttpClient(t.baseUrl, { 'user-agent': agent });
    const res = await c.submit('/accounts/login/', { username: user.username, password: user.password });
    assert.equal(res.status, 303);
    return c;
  };
  const json = async (c: HttpClient, method: string, path: string) =>
    c.request(method, path, { headers: { accept: 'application/json', 'x-csrf-token': await c.csrfToken('/accounts/sessions/') } });
  const sessionsOf = async (c: HttpClient) => (await c.get('/accounts/sessions/', { accept: 'application/json' })).json<SessionJson[]>();
  const events = (userId: number, type: string) =>
    t.dataSource.query('SELECT * FROM audit_events WHERE user_id = ? AND type = ? ORDER BY id', [userId, type]) as Promise<Array<Record<string, unknown>>>;

  before(async () => {
    dataDir = makeDataDir();
    t = await startApp({}, dataDir);
  });
  after(async () => {
    await t.close();
    removeDataDir(dataDir);
  });

  it('lists each sign-in with its address, user agent and times, the current one marked', async () => {
    const user = await seedUser(t);
    const phone = await signInWith(user, PHONE);
    await signInWith(user, LAPTOP);
    const list = await sessionsOf(phone);
    assert.equal(list.length, 2);
    const mine = list.find((s) => s.current)!;
    assert.equal(mine.user_agent, PHONE);
    assert.equal(mine.ip, '127.0.0.1');
    assert.ok(Date.now() - Date.parse(mine.created_at) < 60_000);
    assert.ok(Date.parse(mine.last_seen_at) >= Date.parse(mine.created_at));
    assert.deepEqual(
      list.filter((s) => !s.current).map((s) => s.user_agent),
      [LAPTOP],
    );
    const page = htmlText((await phone.get('/accounts/sessions/')).text);
    assert.match(page, /Safari on iOS/);
    assert.match(page, /Chrome on Linux/);
    assert.match(page, /This device/);
  });

  it('ends another session: that browser is signed out at once, and the end is recorded', async () => {
    const user = await seedUser(t);
    const phone = await signInWith(user, PHONE);
    const laptop = await signInWith(user, LAPTOP);
    assert.equal((await laptop.get('/accounts/profile/')).status, 200);
    const other = (await sessionsOf(phone)).find((s) => !s.current)!;
    const res = await json(phone, 'DELETE', `/accounts/sessions/${other.id}/`);
    assert.equal(res.status, 204);
    assert.equal((await laptop.get('/accounts/profile/')).status, 303);
    assert.equal((await phone.get('/accounts/profile/')).status, 200);
    assert.equal((await events(user.id, 'session.ended')).length, 1);
  });

  it('ends a session from the page form (POST …/delete/) with a 303 back to the list', async () => {
    const user = await seedUser(t);
    const phone = await signInWith(user, PHONE);
    const laptop = await signInWith(user, LAPTOP);
    const other = (await sessionsOf(phone)).find((s) => !s.current)!;
    const res = await phone.submit('/accounts/sessions/', {}, `/accounts/sessions/${other.id}/delete/`);
    assert.equal(res.status, 303);
    assert.equal(res.location, '/accounts/sessions/');
    assert.equal((await laptop.get('/accounts/profile/')).status, 303);
  });

  it("answers 404 for another user's session or a malformed id, and ends nothing", async () => {
    const alice = await seedUser(t, 'alice');
    const bob = await seedUser(t, 'bob');
    const aliceClient = await signedInClient(t, alice);
    const bobClient = await signedInClient(t, bob);
    const bobs = (await sessionsOf(bobClient))[0];
    assert.equal((await json(aliceClient, 'DELETE', `/accounts/sessions/${bobs.id}/`)).status, 404);
    assert.equal((await json(aliceClient, 'DELETE', '/accounts/sessions/not-a-session/')).status, 404);
    assert.equal((await json(aliceClient, 'DELETE', `/accounts/sessions/${'0'.repeat(64)}/`)).status, 404);
    assert.equal((await bobClient.get('/accounts/profile/')).status, 200);
    assert.equal((await events(alice.id, 'session.ended')).length, 0);
  });

  it('signs out everywhere else, keeping the current session', async () => {
    const user = await seedUser(t);
    const here = await signInWith(user, PHONE);
    const others = [await signInWith(user, LAPTOP), await signInWith(user, LAPTOP)];
    const res = await json(here, 'POST', '/accounts/sessions/end_others/');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { ended: 2 });
    for (const c of others) assert.equal((await c.get('/accounts/profile/')).status, 303);
    assert.equal((await sessionsOf(here)).length, 1);
    const [ended] = await events(user.id, 'session.ended');
    assert.equal(JSON.parse(ended.details as string).sessions, 2);
  });

  it('writes last_seen_at at most once a minute, not on every request', async () => {
    const user = await seedUser(t);
    const c = await signInWith(user, PHONE);
    const sessions = t.dataSource.getRepository(SessionRecord);
    const seen = async () => (await sessions.findOneByOrFail({ userId: user.id })).lastSeenAt!;
    // The first page after the sign-in stores its CSRF secret: a save of its own.
    await c.get('/accounts/profile/');
    const first = await seen();
    await sessions.update({ userId: user.id }, { lastSeenAt: new Date('2020-01-01T00:00:00Z') });
    await c.get('/accounts/profile/');
    await c.get('/accounts/sessions/');
    assert.equal(new Date(await seen()).getUTCFullYear(), 2020, 'the row is not written again within the minute');
    assert.ok(first);
    // A minute later (as the session remembers it), the next request writes it.
    const [row] = await t.dataSource.query('SELECT id, data FROM sessions WHERE user_id = ?', [user.id]);
    const data = { ...JSON.parse(row.data), lastSeenAt: Date.now() - 61_000 };
    await t.dataSource.query('UPDATE sessions SET data = ? WHERE id = ?', [JSON.stringify(data), row.id]);
    await c.get('/accounts/profile/');
    assert.ok(Date.now() - new Date(await seen()).getTime() < 60_000);
  });

  it('ends the current session from its own page: signed out here, not saved again', async () => {
    const user = await seedUser(t);
    const phone = await signInWith(user, PHONE);
    const mine = (await sessionsOf(phone)).find((s) => s.current)!;
    const res = await phone.submit('/accounts/sessions/', {}, `/accounts/sessions/${mine.id}/delete/`);
    assert.equal(res.status, 303);
    assert.equal(res.location, '/accounts/login/');
    assert.equal((await phone.get('/accounts/profile/')).status, 303);
    assert.equal(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', [user.id]))[0].n), 0);
  });

  it('requires a sign-in', async () => {
    const anonymous = new HttpClient(t.baseUrl);
    assert.equal((await anonymous.get('/accounts/sessions/', { accept: 'application/json' })).status, 401);
  });
});
