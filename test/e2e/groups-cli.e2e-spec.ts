import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { bearerGet, passwordToken } from '../support/management';
import { seedApp, seedUser, unique } from '../support/oauth';

const CLI = join(__dirname, '..', '..', 'src', 'groups.cli.js');

describe('groups CLI (npm run groups)', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(async () => t.close());

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...t.env, LOG_LEVEL: 'error' }, encoding: 'utf8', timeout: 30_000 });

  it('staff create a group and add a member; the group resource then shows it', async () => {
    const user = await seedUser(t, 'member');
    const group = unique('team');
    const created = cli('create', group);
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, new RegExp(`created group ${group} \\(id \\d+\\)`));
    const id = Number(/id (\d+)/.exec(created.stdout)![1]);
    const added = cli('add', group, user.username);
    assert.equal(added.status, 0, added.stderr);
    assert.match(cli('list').stdout, new RegExp(`${id}\\t${group}\\t${user.username}`));

    const app = await seedApp(t, user.id, { grantTypes: ['password'], redirectUris: [], scopes: ['groups'] });
    const token = (await passwordToken(t, app, user.username, 'groups')).access_token;
    const res = await bearerGet(t.baseUrl, `/accounts/resource/group/${id}/`, token);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { id, name: group });

    assert.equal(cli('remove', group, user.username).status, 0);
    assert.equal((await bearerGet(t.baseUrl, `/accounts/resource/group/${id}/`, token)).status, 404);
  });

  it('refuses a duplicate name, an unknown user and bad usage with a message and a non-zero exit', () => {
    const group = unique('dup');
    assert.equal(cli('create', group).status, 0);
    const dup = cli('create', group);
    assert.equal(dup.status, 1);
    assert.match(dup.stderr, /already exists/);
    const nobody = cli('add', group, unique('nobody'));
    assert.equal(nobody.status, 1);
    assert.match(nobody.stderr, /No user named/);
    const usage = cli('frobnicate');
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: npm run groups/);
  });
});
