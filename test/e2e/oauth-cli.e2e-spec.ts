import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config/paths';
import { startApp, SWEPT_TABLES, TestApp } from '../support/app';
import { basic, postForm, unique } from '../support/oauth';

/** `npm run cli -- ...` runs dist/src/cli.js; here it is run directly against the test database. */
describe('oauth cli: user:create, app:create, keys:rotate, tokens:cleanup', () => {
  let t: TestApp;
  const run = async (args: string[], env: Record<string, string> = {}) =>
    (
      await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'dist/src/cli.js'), ...args], {
        env: { ...process.env, ...t.env, LOG_LEVEL: 'error', ...env },
        timeout: 20_000,
      })
    ).stdout;
  const cli = async (...args: string[]) => JSON.parse(await run(args));
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

  it('keys:rotate stores a key and says when it signs; keys:retire removes it; tokens:cleanup reports what it deleted', async () => {
    // Independent commands: run side by side to keep the file fast (each one boots the app).
    const [rotated, counts] = await Promise.all([cli('keys:rotate'), cli('tokens:cleanup')]);
    assert.equal(rotated.alg, 'ES256');
    // The default activation: two reload intervals (60 s) and a margin.
    assert.ok(Math.abs(Date.parse(rotated.activates_at) - Date.now() - 130_000) < 10_000, rotated.activates_at);
    assert.ok(Date.parse(rotated.published_everywhere_by) < Date.parse(rotated.activates_at));
    // Not active yet: retiring it cancels the rotation.
    assert.equal((await cli('keys:retire', rotated.kid)).kid, rotated.kid);
    await assert.rejects(cli('keys:retire', rotated.kid), /no signing key/);
    assert.deepEqual(Object.keys(counts).sort(), SWEPT_TABLES);
  });

  it('--help lists every command with its options', async () => {
    const help = await run(['--help']);
    for (const command of ['user:create', 'app:create', 'keys:rotate', 'tokens:cleanup']) assert.match(help, new RegExp(`^  ${command} `, 'm'));
    for (const option of [
      '--username',
      '--email',
      '--password',
      '--staff',
      '--owner',
      '--grant',
      '--redirect-uri',
      '--scope',
      '--auth-method',
      '--skip-consent',
      '--activate-in',
    ]) {
      assert.ok(help.includes(option), option);
    }
    assert.match(help, /client_credentials/, 'the grant types are named');
  });

  it('app:create refuses the password and implicit grants while the configuration turns them off', async () => {
    const username = unique('clioff');
    await cli('user:create', '--username', username, '--email', `${username}@example.test`, '--password', 'a long enough password');
    const off = { ALLOW_PASSWORD_GRANT: 'false', ALLOW_IMPLICIT_GRANT: 'false' };
    await assert.rejects(run(['app:create', '--owner', username, '--name', 'pw', '--grant', 'password'], off), /grant_types: This grant type is turned off/);
    await assert.rejects(
      run(['app:create', '--owner', username, '--name', 'imp', '--type', 'public', '--grant', 'implicit', '--redirect-uri', 'https://app.example/cb'], off),
      /grant_types: This grant type is turned off/,
    );
    const on = JSON.parse(await run(['app:create', '--owner', username, '--name', 'pw', '--grant', 'password']));
    assert.ok(on.client_id, 'allowed while the grant is on');
  });
});
