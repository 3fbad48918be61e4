import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { seedUser } from '../support/accounts';
import { startApp, TestApp } from '../support/app';
import { HttpClient } from '../support/http-client';
import { basic } from '../support/oauth';
import { RedisProcess } from '../support/redis-process';

/** A request that must be answered within `ms` (a stalled one fails the test instead of hanging it). */
async function timed(url: string, init: RequestInit, ms: number): Promise<{ status: number; body: string; elapsed: number }> {
  const started = Date.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(ms) });
  return { status: res.status, body: await res.text(), elapsed: Date.now() - started };
}

describe('Redis faults: a frozen Redis (SIGSTOP) slows nothing and /health says so', async () => {
  const skip = (await RedisProcess.available()) ? false : 'redis-server is not installed';
  let redis: RedisProcess;
  let t: TestApp;
  before(async () => {
    if (skip) return;
    redis = await new RedisProcess().start();
    t = await startApp({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200' });
  });
  after(async () => {
    await t?.close();
    await redis?.stop();
  });

  it(
    'with Redis frozen, sign-in and the token endpoint answer at once from the in-process counters; /health is 200 with Redis degraded',
    { skip },
    async () => {
      const u = await seedUser(t, 'frozen');
      redis.freeze();
      try {
        const page = await new HttpClient(t.baseUrl).get('/accounts/login/');
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
        const cookie = [...page.headers.getSetCookie()].map((c) => c.split(';')[0]).join('; ');
        const signIn = await timed(
          `${t.baseUrl}/accounts/login/`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
            body: new URLSearchParams({ _csrf: csrf, username: u.username, password: 'wrong' }).toString(),
          },
          3000,
        );
        assert.equal(signIn.status, 401);

        const token = await timed(
          `${t.baseUrl}/oauth/token/`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('no-such-client', 'x') },
            body: 'grant_type=client_credentials',
          },
          3000,
        );
        assert.equal(token.status, 401);
        assert.ok(token.elapsed < 2000, `the token endpoint answered in ${token.elapsed} ms`);

        const degraded = await timed(`${t.baseUrl}/health`, {}, 2000);
        assert.equal(degraded.status, 200, 'the instance still serves');
        const report = JSON.parse(degraded.body);
        assert.equal(report.status, 'ok');
        assert.equal(report.info.database.status, 'up');
        assert.equal(report.details.redis.status, 'down');
        assert.equal(report.details.redis.degraded, true);
      } finally {
        redis.thaw();
      }
      let state = '';
      for (let i = 0; i < 50 && state !== 'up'; i++) {
        state = JSON.parse((await timed(`${t.baseUrl}/health`, {}, 2000)).body).details.redis.status;
        if (state !== 'up') await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(state, 'up', 'Redis is reported up again once it answers');
    },
  );
});
