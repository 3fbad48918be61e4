import { strict as assert } from 'node:assert';
import { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { accountKey } from '../../src/accounts/login-key';
import { SignInThrottle } from '../../src/accounts/sign-in-throttle';
import { makeDataDir, removeDataDir, startApp, TestApp } from '../support/app';
import { seedUser, signedInClient } from '../support/accounts';
import { HttpClient } from '../support/http-client';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/** Whether a Redis server answers at REDIS_URL (the shared-limits test needs one). */
function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(Number(port || 6379), hostname);
  });
}

describe('scale-out: two instances on one database (and one Redis)', async () => {
  const redisSkip = (await redisReachable(REDIS_URL)) ? false : `no Redis server answers at ${REDIS_URL}`;
  const dataDir = makeDataDir();
  let a: TestApp;
  let b: TestApp;
  before(async () => {
    const env = { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', ...(redisSkip ? {} : { REDIS_URL }) };
    a = await startApp(env, dataDir);
    b = await startApp(env, dataDir);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    removeDataDir(dataDir);
  });

  it('a session started on one instance is valid on the other, and signing out there ends it', async () => {
    const u = await seedUser(a, 'twin');
    const onA = await signedInClient(a, u);
    const onB = new HttpClient(b.baseUrl);
    for (const [k, v] of onA.cookies) onB.cookies.set(k, v);
    assert.equal((await onB.get('/accounts/profile/')).status, 200);
    assert.equal((await onB.post('/accounts/logout/', { _csrf: await onB.csrfToken('/accounts/profile/') })).status, 303);
    // onA still holds the cookie it was given; the session behind it is gone everywhere.
    assert.equal((await onA.get('/accounts/profile/')).status, 303);
  });

  it('failed sign-ins are counted across instances through Redis', { skip: redisSkip }, async () => {
    const u = await seedUser(a, 'shared');
    // Counters are keyed by account id, and a fresh SQLite file hands out the ids of an earlier
    // run whose counters Redis may still hold.
    await a.get<SignInThrottle>(SignInThrottle).cleared(accountKey(u.id), '127.0.0.1');
    const fail = (t: TestApp) => new HttpClient(t.baseUrl).submit('/accounts/login/', { username: u.username, password: 'wrong' });
    assert.equal((await fail(a)).status, 401);
    assert.equal((await fail(b)).status, 401);
    assert.equal((await fail(a)).status, 401);
    const blocked = await new HttpClient(b.baseUrl).submit('/accounts/login/', { username: u.username, password: u.password });
    assert.equal(blocked.status, 429, 'the third failure on another instance counts here');
  });
});
