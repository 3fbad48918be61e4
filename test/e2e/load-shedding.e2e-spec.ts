import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { seedUser } from '../support/accounts';
import { startApp, TestApp } from '../support/app';
import { csrfFrom } from '../support/http-client';

/** One request, answered within `ms` or failed; with its status, Retry-After and duration. */
async function timed(url: string, init: RequestInit = {}, ms = 10_000) {
  const started = Date.now();
  const res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(ms) });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), elapsed: Date.now() - started };
}

describe('load shedding: overload is answered quickly, /health stays fast', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp({ PASSWORD_HASH_QUEUE: '4', MAX_EVENT_LOOP_DELAY_MS: '50' });
  });
  after(async () => {
    await t.close();
  });

  it('a sign-in flood beyond the password-hashing queue gets quick 503s with Retry-After, while /health answers at once', async () => {
    const u = await seedUser(t, 'flood');
    // Each sign-in from its own browser session (a successful one renews its session).
    const forms = [];
    for (let i = 0; i < 60; i++) {
      // Setting up is not the flood: a page shed while the machine is busy is asked for again.
      let page = await fetch(`${t.baseUrl}/accounts/login/`);
      for (let tries = 0; page.status === 503 && tries < 50; tries++) {
        await new Promise((r) => setTimeout(r, 100));
        page = await fetch(`${t.baseUrl}/accounts/login/`);
      }
      const cookie = page.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      forms.push({ cookie, body: new URLSearchParams({ _csrf: csrfFrom(await page.text()), username: u.username, password: u.password }).toString() });
    }
    const flood = forms.map(({ cookie, body }) =>
      timed(`${t.baseUrl}/accounts/login/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body }),
    );
    await new Promise((r) => setTimeout(r, 20));
    const health = await timed(`${t.baseUrl}/health`, {}, 2000);
    const answers = await Promise.all(flood);

    assert.equal(health.status, 200);
    assert.ok(health.elapsed < 1000, `/health took ${health.elapsed} ms during the flood`);
    const refused = answers.filter((a) => a.status === 503);
    const served = answers.filter((a) => a.status === 303);
    assert.ok(refused.length > 0, `some sign-ins are refused: ${answers.map((a) => a.status).join(',')}`);
    assert.ok(served.length >= 4, 'the queue is still served');
    assert.equal(refused.length + served.length, answers.length, answers.map((a) => a.status).join(','));
    for (const r of refused) assert.ok(Number(r.retryAfter) > 0, 'a refusal says when to come back');
    const slowestRefusal = Math.max(...refused.map((r) => r.elapsed));
    const slowestServed = Math.max(...served.map((r) => r.elapsed));
    assert.ok(slowestRefusal < Math.max(slowestServed, 1000), `refusals are quick (${slowestRefusal} ms)`);
  });

  it('while the event loop lags, pages get 503 with Retry-After before any work, and /health is still served', async () => {
    // The app runs in this process: hold its event loop as a burst of synchronous work would.
    // The lag is sampled on a timer: when the sample runs just before the lag is recorded
    // (the two timers are due together after the burst), it counts from the next sample, a
    // quarter of a second later. Hold the loop again then (at most three bursts in all).
    const burst = async () => {
      const end = Date.now() + 2000;
      while (Date.now() < end);
      return Promise.all([
        timed(`${t.baseUrl}/accounts/login/`),
        fetch(`${t.baseUrl}/oauth/token/`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) }),
        timed(`${t.baseUrl}/health`),
      ]);
    };
    let [page, token, health] = await burst();
    for (let again = 0; again < 2 && page.status !== 503; again++) [page, token, health] = await burst();
    assert.equal(page.status, 503);
    assert.ok(Number(page.retryAfter) > 0);
    assert.equal(token.status, 503);
    assert.equal(((await token.json()) as { error: string }).error, 'temporarily_unavailable', 'the OAuth endpoints answer in their own format');
    assert.equal(health.status, 200);
  });
});
