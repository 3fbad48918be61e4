import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { User } from '../../src/accounts/user.entity';
import { startApp, TestApp } from '../support/app';
import { AccountTokensService } from '../../src/accounts/account-tokens.service';
import { encodeUid } from '../../src/accounts/passwords.service';
import { UsersService } from '../../src/accounts/users.service';
import { seedUser, signedInClient, uniqueName } from '../support/accounts';
import { htmlText, HttpClient } from '../support/http-client';

describe('accounts: every form refuses bad input, says why, and writes nothing', () => {
  let t: TestApp;
  const users = () => t.get<DataSource>(DataSource).getRepository(User);

  before(async () => {
    t = await startApp();
  });
  after(async () => {
    await t.close();
  });

  const register = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    new HttpClient(t.baseUrl).submit('/accounts/register/', fields, '/accounts/register/', headers);

  async function assertRefused(fields: Record<string, string>, field: string, message: RegExp, status = 400) {
    const before = await users().count();
    const res = await register(fields);
    assert.equal(res.status, status, JSON.stringify(fields));
    const text = htmlText(res.text);
    assert.match(text, new RegExp(`id="f-${field}-error"[^>]*>[^<]*`), `an error beside ${field}`);
    assert.match(text, message);
    assert.doesNotMatch(text, /value="[^"]*passphrase/, 'passwords are never echoed');
    assert.equal(await users().count(), before, 'nothing written');
  }

  const good = () => {
    const username = uniqueName('bad');
    return { username, email: `${username}@example.test`, password: 'a long passphrase', password2: 'a long passphrase' };
  };

  it('empty fields', async () => {
    await assertRefused({ ...good(), username: '' }, 'username', /Use 3 to 150 letters/);
    await assertRefused({ ...good(), email: '' }, 'email', /valid e-mail/);
    await assertRefused({ ...good(), password: '', password2: '' }, 'password', /at least 8/);
  });

  it('too long fields', async () => {
    await assertRefused({ ...good(), username: 'u'.repeat(151) }, 'username', /Use 3 to 150 letters/);
    await assertRefused({ ...good(), email: `${'e'.repeat(250)}@example.test` }, 'email', /too long|valid e-mail/);
    const long = 'p'.repeat(300);
    await assertRefused({ ...good(), password: long, password2: long }, 'password', /at most 256/);
  });

  it('a mismatched confirmation and a common password', async () => {
    await assertRefused({ ...good(), password2: 'a long passphrasE' }, 'password2', /do not match/);
    await assertRefused({ ...good(), password: 'password123', password2: 'password123' }, 'password', /too easy/);
  });

  it('weak passwords and ones containing the name are refused on register, reset and profile, with the rule explained', async () => {
    const { username, email } = good();
    await assertRefused({ username, email, password: 'aaaaaaaa', password2: 'aaaaaaaa' }, 'password', /too easy to guess: avoid common passwords/);
    await assertRefused({ username, email, password: 'qwertyui', password2: 'qwertyui' }, 'password', /too easy to guess/);
    await assertRefused({ username, email, password: email, password2: email }, 'password', /must not contain your username/);
    const form = await new HttpClient(t.baseUrl).get('/accounts/register/?lang=zh-CN');
    assert.match(htmlText(form.text), /不要包含用户名或邮箱名/);

    const u = await seedUser(t, 'weak');
    const { token } = await t.get<AccountTokensService>(AccountTokensService).issue(u.id, 'password_reset', 600);
    const resetPath = `/accounts/reset/${encodeUid(u.id)}/${token}/`;
    const reset = await new HttpClient(t.baseUrl).submit(resetPath, { new_password1: `${u.username}!2024`, new_password2: `${u.username}!2024` });
    assert.equal(reset.status, 400);
    assert.match(htmlText(reset.text), /must not contain your username/);
    assert.ok(await t.get<AccountTokensService>(AccountTokensService).findValid(token, 'password_reset'), 'the link is still unused');

    const client = await signedInClient(t, u);
    const change = await client.submit('/accounts/profile/', { current_password: u.password, new_password1: 'abcd1234', new_password2: 'abcd1234' });
    assert.equal(change.status, 400);
    assert.match(htmlText(change.text), /too easy to guess/);
    await signedInClient(t, u); // the old password still works
  });

  it('a duplicate username in any letter case (whether an e-mail address has an account is never said: accounts-enumeration)', async () => {
    const u = await seedUser(t, 'dup');
    await assertRefused({ ...good(), username: u.username.toUpperCase() }, 'username', /already taken/, 409);
  });

  it('lookalike usernames are refused: folded forms are taken, lookalikes and mixed scripts are explained', async () => {
    const u = await seedUser(t, 'admin');
    const tail = u.username.slice('admin'.length);
    const fullwidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    for (const lookalike of [fullwidth('admin') + tail, `ᴬdmin${tail}`, `admın${tail}`, `ADMİN${tail.toUpperCase()}`]) {
      await assertRefused({ ...good(), username: lookalike }, 'username', /already taken/, 409);
    }
    await assertRefused({ ...good(), username: `adrnin${tail}` }, 'username', /looks too much like an existing username/, 409);
    await assertRefused({ ...good(), username: `аdmin${tail}` }, 'username', /one writing system/);
    const digits = String(Date.now()).slice(-9);
    await t.get<UsersService>(UsersService).create({ username: `copy${digits}`, email: `copy${digits}@example.test`, password: 'a long passphrase 9' });
    await assertRefused({ ...good(), username: `сору${digits}` }, 'username', /looks too much like/, 409);
    const zh = await new HttpClient(t.baseUrl).submit('/accounts/register/?lang=zh-CN', { ...good(), username: `аdmin${tail}` }, '/accounts/register/');
    assert.match(htmlText(zh.text), /同一种文字/);
    // Sign-in finds the account by the same folded name.
    await signedInClient(t, { username: fullwidth(u.username), password: u.password });
    await signedInClient(t, { username: `ADMİN${tail.toUpperCase()}`, password: u.password });
  });

  it('a forged or missing CSRF token', async () => {
    const before = await users().count();
    const c = new HttpClient(t.baseUrl);
    await c.get('/accounts/register/');
    const forged = await c.post('/accounts/register/', { _csrf: 'forged', ...good() });
    assert.equal(forged.status, 403);
    assert.match(htmlText(forged.text), /This form has expired or was not sent from this site/);
    assert.match(forged.text, /<form/, 'the form is shown again');
    const missing = await new HttpClient(t.baseUrl).post('/accounts/register/', good());
    assert.equal(missing.status, 403);
    assert.equal(await users().count(), before);
  });

  it('sign-in: empty, unknown and overlong input get the same kind of answer', async () => {
    const empty = await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: '', password: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /<form/);
    const unknown = await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: uniqueName('ghost'), password: 'whatever it is' });
    assert.equal(unknown.status, 401);
    assert.match(htmlText(unknown.text), /username\/e-mail or password is not correct/);
    const long = await new HttpClient(t.baseUrl).submit('/accounts/login/', { username: 'x'.repeat(5000), password: 'y' });
    assert.equal(long.status, 400);
  });

  it('password reset: a malformed address, and a reset link that does not exist', async () => {
    const bad = await new HttpClient(t.baseUrl).submit('/accounts/password_reset/', { email: 'not-an-address' });
    assert.equal(bad.status, 400);
    assert.match(htmlText(bad.text), /valid e-mail/);
    for (const path of ['/accounts/reset/MQ/not-a-real-token-at-all-000000/', '/accounts/reset/%ZZ/x/', '/accounts/reset/abc/' + 'x'.repeat(300) + '/']) {
      const res = await new HttpClient(t.baseUrl).get(path);
      assert.equal(res.status, 400, path);
      // A valid CSRF token (from a page that has a form): the link alone is what is refused.
      const post = await new HttpClient(t.baseUrl).submit(
        '/accounts/password_reset/',
        { new_password1: 'brand new secret', new_password2: 'brand new secret' },
        path,
      );
      assert.ok(post.status === 400, `${path} → ${post.status}`);
    }
  });

  it('JSON callers get field messages, not a page', async () => {
    const c = new HttpClient(t.baseUrl);
    const token = await c.csrfToken('/accounts/register/');
    const res = await c.request('POST', '/accounts/register/', {
      json: { username: 'x', email: 'nope', password: 'short', password2: 'short' },
      headers: { accept: 'application/json', 'x-csrf-token': token },
    });
    assert.equal(res.status, 400);
    const body = res.json();
    assert.equal(body.error, 'validation_failed');
    assert.deepEqual(Object.keys(body.fields).sort(), ['email', 'password', 'username']);
  });

  it('a body over the limit is a clear 413, never a 500', async () => {
    const c = new HttpClient(t.baseUrl);
    const res = await c.post('/accounts/login/', { username: 'x'.repeat(100_000), password: 'y' });
    assert.equal(res.status, 413);
    assert.doesNotMatch(res.text, /at .*\.js:\d+/);
  });
});
