import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { HousekeepingService } from '../../src/housekeeping/housekeeping.service';
import { seedUser } from '../support/accounts';
import { startApp, TestApp, usingMysql } from '../support/app';
import { HttpClient } from '../support/http-client';
import { basic, clientCredentials, postForm, seedApp } from '../support/oauth';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** The value of one series in Prometheus text, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics: Prometheus metrics for the scraper only', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp({ METRICS_TOKEN: TOKEN, LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' });
  });
  after(async () => {
    await t.close();
  });

  it('counts requests by route pattern and status, tokens by grant, client and sign-in failures, refusals, cleanup rows; shows event-loop lag', async () => {
    const owner = await seedUser(t, 'metrics');
    const app = await seedApp(t, owner.id);
    assert.equal((await clientCredentials(t, app)).status, 200);
    assert.equal((await postForm(t, '/oauth/token/', { grant_type: 'client_credentials' }, { authorization: basic(app.clientId, 'wrong') })).status, 401);
    const browser = new HttpClient(t.baseUrl);
    assert.equal((await browser.submit('/accounts/login/', { username: owner.username, password: owner.password })).status, 303);
    for (let i = 0; i < 2; i++) await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: owner.username, password: 'wrong' });
    assert.equal((await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: owner.username, password: 'wrong' })).status, 429);
    assert.equal((await new HttpClient(t.baseUrl).get('/accounts/reset/MQ/a-secret-reset-token/')).status, 400);
    await t.get<HousekeepingService>(HousekeepingService).cleanup();

    const res = await new HttpClient(t.baseUrl).get('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = res.text;
    assert.ok((sample(text, 'auth_center_http_request_duration_seconds_count{route="/accounts/login",method="GET",status="200"}') ?? 0) >= 4);
    assert.ok((sample(text, 'auth_center_http_request_duration_seconds_count{route="/oauth/token",method="POST",status="401"}') ?? 0) >= 1);
    assert.ok(sample(text, 'auth_center_http_request_duration_seconds_bucket{le="0.5",route="/oauth/token",method="POST",status="200"}') === 1);
    assert.doesNotMatch(text, /a-secret-reset-token/, 'routes are patterns, never raw paths');
    assert.equal(sample(text, 'auth_center_http_request_duration_seconds_count{route="/accounts/reset/:uid/:token",method="GET",status="400"}'), 1);
    assert.equal(sample(text, 'auth_center_tokens_issued_total{grant="client_credentials"}'), 1);
    assert.equal(sample(text, 'auth_center_client_auth_failures_total'), 1);
    assert.equal(sample(text, 'auth_center_sign_ins_total{result="succeeded"}'), 1);
    assert.equal(sample(text, 'auth_center_sign_ins_total{result="failed"}'), 2);
    assert.equal(sample(text, 'auth_center_rate_limit_refusals_total{limit="login-account"}'), 1);
    assert.equal(sample(text, 'auth_center_cleanup_rows_deleted_total{table="sessions"}'), 0);
    assert.ok(sample(text, 'nodejs_eventloop_lag_seconds') !== undefined, 'event-loop lag');
    if (usingMysql()) assert.ok((sample(text, 'auth_center_db_pool_connections{state="idle"}') ?? -1) >= 0, 'database pool usage');
  });

  it('is closed to callers that are not local unless they send METRICS_TOKEN as a Bearer token', async () => {
    const relayed = { 'x-forwarded-for': '203.0.113.9' };
    const c = new HttpClient(t.baseUrl);
    const refused = await c.get('/metrics', relayed);
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal((await c.get('/metrics', { ...relayed, authorization: 'Bearer not-the-token' })).status, 401);
    const allowed = await c.get('/metrics', { ...relayed, authorization: `Bearer ${TOKEN}` });
    assert.equal(allowed.status, 200);
    assert.doesNotMatch(allowed.text, new RegExp(TOKEN));
  });
});
