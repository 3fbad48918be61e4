import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseDn } from '../../src/applications/certificate-subject';
import { startApp, TestApp } from '../support/app';
import { uniqueName } from '../support/accounts';
import { htmlText, HttpClient } from '../support/http-client';

// Packages the server loads on first use, not at start (src/common/lazy-module.ts): each one
// stays in the heap once loaded, and most processes never need it.
const LAZY = ['@zxcvbn-ts/', 'unhomoglyph', 'nodemailer', '@peculiar/x509', 'ioredis'];
const loaded = (pkg: string) => Object.keys(require.cache).some((file) => file.includes(`/node_modules/${pkg}`));

describe('packages loaded on first use: none at start, and the first use works', () => {
  let t: TestApp;

  before(async () => {
    t = await startApp();
  });
  after(async () => {
    await t.close();
  });

  it('a started server has loaded none of them', () => {
    assert.deepEqual(LAZY.filter(loaded), []);
  });

  it('the first registration checks the password against the dictionaries and the name against look-alikes, then mails the link', async () => {
    const username = uniqueName('lazy');
    const fields = { username, email: `${username}@example.test`, password: 'password123', password2: 'password123' };
    const weak = await new HttpClient(t.baseUrl).submit('/accounts/register/', fields);
    assert.equal(weak.status, 400);
    assert.match(htmlText(weak.text), /too easy to guess/);
    assert.ok(loaded('@zxcvbn-ts/language-en'), 'the dictionaries are loaded now');

    const strong = await new HttpClient(t.baseUrl).submit('/accounts/register/', {
      ...fields,
      password: 'a long passphrase 1',
      password2: 'a long passphrase 1',
    });
    assert.equal(strong.location, '/accounts/register/done/');
    assert.ok(loaded('unhomoglyph') && loaded('nodemailer'));
    assert.equal(readdirSync(join(t.dataDir, 'outbox')).length, 1, 'the link was written to the outbox');
  });

  it('a distinguished name parses on first use', () => {
    assert.deepEqual(parseDn('CN=client.example, O=Example'), [{ O: ['Example'] }, { CN: ['client.example'] }]);
    assert.ok(loaded('@peculiar/x509'));
  });
});
