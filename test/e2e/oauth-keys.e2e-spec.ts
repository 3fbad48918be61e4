import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { AccessToken } from '../../src/tokens/access-token.entity';
import { writeSigningKey } from '../../src/tokens/keys/signing-key-files';
import { HousekeepingService } from '../../src/housekeeping/housekeeping.service';
import { makeDataDir, removeDataDir, startApp, TestApp } from '../support/app';
import { basic, clientCredentials, postForm, seedApp, SeededApp, seedUser } from '../support/oauth';

const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString());
const jwksOf = async (t: TestApp) => ((await (await fetch(`${t.baseUrl}/oauth/jwks/`)).json()) as { keys: Array<Record<string, string>> }).keys;

describe('oauth signing keys: kept across restarts, rotated without breaking tokens', () => {
  const dataDir = makeDataDir();
  // Each restart gets a new port; the issuer (and so `iss`/`aud`) must stay the same.
  const ISSUER = 'https://issuer.example';
  let t: TestApp | undefined;
  let app: SeededApp;
  const introspect = (tok: string) =>
    postForm(t!, '/oauth/introspect/', { token: tok }, { authorization: basic(app.clientId, app.clientSecret!) }).then((r) => r.json);

  before(async () => {
    t = await startApp({ ISSUER }, dataDir);
    app = await seedApp(t, (await seedUser(t)).id);
  });
  after(async () => {
    await t?.close();
    removeDataDir(dataDir);
  });

  it('generates one key on first start and keeps it across a restart', async () => {
    const first = await jwksOf(t!);
    assert.equal(first.length, 1);
    await t!.close();
    t = await startApp({ ISSUER }, dataDir);
    assert.deepEqual(await jwksOf(t), first);
  });

  it('after keys:rotate the new key signs, the old one stays published, old tokens keep verifying', async () => {
    const old = (await clientCredentials(t!, app)).json.access_token;
    await t!.close();
    const rotated = writeSigningKey(join(dataDir, 'keys'), 'ES256');
    t = await startApp({ ISSUER }, dataDir);
    const keys = await jwksOf(t);
    assert.equal(keys.length, 2);
    const fresh = (await clientCredentials(t, app)).json.access_token;
    assert.equal(headerOf(fresh).kid, rotated.kid);
    assert.notEqual(headerOf(old).kid, rotated.kid);
    assert.equal((await introspect(old)).active, true);
    assert.equal((await introspect(fresh)).active, true);
  });

  it('a key rotated to start later is published at once but does not sign yet', async () => {
    await t!.close();
    const future = writeSigningKey(join(dataDir, 'keys'), 'ES256', Date.now() + 3600_000);
    t = await startApp({ ISSUER }, dataDir);
    assert.ok((await jwksOf(t)).some((k) => k.kid === future.kid));
    assert.notEqual(headerOf((await clientCredentials(t, app)).json.access_token).kid, future.kid);
  });

  it('JWT_ALGORITHM=RS256 signs with a new RSA key while ES256 tokens still verify', async () => {
    const es = (await clientCredentials(t!, app)).json.access_token;
    await t!.close();
    t = await startApp({ ISSUER, JWT_ALGORITHM: 'RS256' }, dataDir);
    const rs = (await clientCredentials(t, app)).json.access_token;
    assert.equal(headerOf(rs).alg, 'RS256');
    const jwk = (await jwksOf(t)).find((k) => k.kid === headerOf(rs).kid)!;
    assert.deepEqual([jwk.kty, jwk.alg, jwk.use], ['RSA', 'RS256', 'sig']);
    assert.equal((await introspect(es)).active, true);
    assert.equal((await introspect(rs)).active, true);
  });

  it('cleanup deletes expired tokens in batches and keeps live ones', async () => {
    const live = (await clientCredentials(t!, app)).json.access_token;
    const dead = (await clientCredentials(t!, app)).json.access_token;
    const jti = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).jti as string;
    const repo = t!.get<DataSource>(DataSource).getRepository(AccessToken);
    await repo.update({ jti: jti(dead) }, { expiresAt: new Date(Date.now() - 1000) });
    const counts = await t!.get<HousekeepingService>(HousekeepingService).cleanup();
    assert.ok(counts.access_tokens >= 1);
    assert.equal(await repo.countBy({ jti: jti(dead) }), 0);
    assert.equal(await repo.countBy({ jti: jti(live) }), 1);
  });
});
