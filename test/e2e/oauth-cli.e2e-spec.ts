import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config/paths';
import { startApp, TestApp } from '../support/app';
import { basic, postForm, unique } from '../support/oauth';

/** `npm run cli -- ...` runs dist/src/cli.js; here it is run directly against the test database. */
describe('oauth cli: user:create, app:create, keys:rotate, tokens:cleanup', () => {
  let t: TestApp;
  const cli = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'dist/src/cli.js'), ...args], {
      env: { ...process.env, ...t.env, LOG_LEVEL: 'error' },
      timeout: 20_000,
    });
    return JSON.parse(stdout);
  };
  before(async () => {
    t = await startApp();
  });
  after(async () => t.close());

  it('creates a user and an application whose secret works; an invalid application is refused with the field named', async () => {
    const username = unique('cli');
    const user = await cli('user:create', '--username', username, '--email', `${username}@example.test`, '--password', 'a long enough password');
    assert.equal(user.username, username);
    const [app] = await Promise.all([
      cli('app:create', '--owner', username, '--name', 'CLI app', '--type', 'confidential', '--grant', 'client_credentials', '--scope', 'read write'),
      assert.rejects(cli('app:create', '--owner', username, '--name', 'no redirect', '--grant', 'authorization_code'), /redirect_uris/),
      assert.rejects(
        cli('user:create', '--username', unique('weak'), '--email', `${unique('w')}@example.test`, '--password', 'qwertyuiop'),
        /password: .*too easy to guess/,
      ),
    ]);
    assert.ok(app.client_secret);
    const res = await postForm(t, '/oauth/token/', { grant_type: 'client_credentials' }, { authorization: basic(app.client_id, app.client_secret) });
    assert.equal(res.status, 200);
    assert.equal(res.json.scope, 'read write');
  });

  it('keys:rotate writes a new key into the keys folder; tokens:cleanup reports what it deleted', async () => {
    // Independent commands: run side by side to keep the file fast (each one boots the app).
    const [rotated, counts] = await Promise.all([cli('keys:rotate', '--activate-in', '60'), cli('tokens:cleanup')]);
    assert.equal(rotated.alg, 'ES256');
    assert.equal(rotated.dir, t.env.SIGNING_KEYS_DIR);
    assert.deepEqual(Object.keys(counts).sort(), [
      'access_tokens',
      'account_tokens',
      'audit_events',
      'authorization_codes',
      'pending_registrations',
      'refresh_tokens',
      'sessions',
    ]);
  });
});
