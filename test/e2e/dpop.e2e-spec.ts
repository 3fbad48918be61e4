import { strict as assert } from 'node:assert';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type * as Oauth from 'oauth4webapi';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { makeDataDir, removeDataDir, startApp, TestApp } from '../support/app';
import { authorize, PASSWORD, pkcePair, postForm, seedApp, seedUser, signIn } from '../support/oauth';

// oauth4webapi is ESM-only; tsc would turn import() into require() under CommonJS.
const esmImport = new Function('s', 'return import(s)') as (s: string) => Promise<typeof Oauth>;
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, any>;

/** A DPoP key and hand-made proofs (for the bad ones no library would make). */
async function proofKey() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const proof = (claimsOf: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    new SignJWT({ jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ...claimsOf })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk, ...header })
      .sign(privateKey);
  return { jwk, proof, privateKey, jkt: await calculateJwkThumbprint(jwk) };
}

describe('DPoP (RFC 9449) with oauth4webapi', () => {
  let oauth: typeof Oauth;
  let t: TestApp;
  let user: { id: number; username: string };
  let as: Oauth.AuthorizationServer;
  const allowHttp = () => ({ [oauth.allowInsecureRequests]: true });

  before(async () => {
    oauth = await esmImport('oauth4webapi');
    t = await startApp();
    user = await seedUser(t);
    as = { issuer: t.baseUrl, token_endpoint: `${t.baseUrl}/oauth/token/` };
  });
  after(async () => t.close());

  const resourceUrl = () => new URL(`${t.baseUrl}/accounts/resource/user/${user.id}/`);

  async function passwordTokens(DPoP?: Oauth.DPoPHandle, input: object = {}) {
    const app = await seedApp(t, user.id, { grantTypes: ['password', 'refresh_token'], scopes: ['profile'], ...input });
    const client = { client_id: app.clientId };
    const res = await oauth.genericTokenEndpointRequest(
      as,
      client,
      oauth.ClientSecretBasic(app.clientSecret!),
      'password',
      { username: user.username, password: PASSWORD, scope: 'profile' },
      { DPoP, ...allowHttp() },
    );
    return { app, response: await oauth.processGenericTokenEndpointResponse(as, client, res) };
  }

  it('a proof at the token endpoint gives token_type DPoP and cnf.jkt; the resource takes the token only with a proof of that key', async () => {
    const keyPair = await oauth.generateKeyPair('ES256');
    const DPoP = oauth.DPoP({}, keyPair);
    const { response } = await passwordTokens(DPoP);
    assert.equal(response.token_type, 'dpop');
    const jkt = await calculateJwkThumbprint((await exportJWK(keyPair.publicKey)) as JWK);
    assert.deepEqual(claims(response.access_token).cnf, { jkt });
    const ok = await oauth.protectedResourceRequest(response.access_token, 'GET', resourceUrl(), new Headers(), null, { DPoP, ...allowHttp() });
    assert.equal(ok.status, 200);
    // Stolen: as Bearer, or with a proof of another key.
    const asBearer = await fetch(resourceUrl(), { headers: { authorization: `Bearer ${response.access_token}` } });
    assert.equal(asBearer.status, 401);
    assert.equal(((await asBearer.json()) as { error: string }).error, 'invalid_token');
    assert.match(asBearer.headers.get('www-authenticate') ?? '', /^DPoP .*error="invalid_token"/);
    const thief = await proofKey();
    const otherKey = await fetch(resourceUrl(), {
      headers: {
        authorization: `DPoP ${response.access_token}`,
        dpop: await thief.proof({ htm: 'GET', htu: resourceUrl().href, ath: sha256(response.access_token) }),
      },
    });
    assert.equal(otherKey.status, 401);
    assert.equal(((await otherKey.json()) as { error: string }).error, 'invalid_dpop_proof');
    // An unbound token sent with the DPoP scheme is refused too.
    const { response: plain } = await passwordTokens();
    assert.equal(plain.token_type, 'bearer');
    const unbound = await fetch(resourceUrl(), {
      headers: { authorization: `DPoP ${plain.access_token}`, dpop: await thief.proof({ htm: 'GET', htu: resourceUrl().href }) },
    });
    assert.equal(unbound.status, 401);
  });

  it('metadata names the DPoP algorithms; without TLS it offers no certificate methods', async () => {
    const meta = (await (await fetch(`${t.baseUrl}/.well-known/oauth-authorization-server`)).json()) as Record<string, any>;
    assert.ok(meta.dpop_signing_alg_values_supported.includes('ES256'));
    assert.ok(!meta.dpop_signing_alg_values_supported.includes('HS256'));
    assert.equal(meta.tls_client_certificate_bound_access_tokens, undefined);
    assert.ok(!meta.token_endpoint_auth_methods_supported.includes('tls_client_auth'));
  });

  it('an application registered with dpop_bound_access_tokens gets no token without a proof', async () => {
    const app = await seedApp(t, user.id, { grantTypes: ['client_credentials'], dpopBoundTokens: true });
    const res = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}` },
    );
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'invalid_dpop_proof');
  });

  it("a public client's refresh token is bound to its DPoP key", async () => {
    const app = await seedApp(t, user.id, { clientType: 'public', grantTypes: ['authorization_code', 'refresh_token'], scopes: ['profile'] });
    const client = { client_id: app.clientId, token_endpoint_auth_method: 'none' };
    const DPoP = oauth.DPoP({}, await oauth.generateKeyPair('ES256'));
    const { verifier, challenge } = pkcePair();
    const browser = await signIn(t, user.username);
    const { params } = await authorize(browser, {
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: app.redirectUri,
      scope: 'profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's',
    });
    const code = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'authorization_code', client_id: app.clientId, code: params.code, redirect_uri: app.redirectUri, code_verifier: verifier },
      {
        dpop: await (await proofKey()).proof({ htm: 'POST', htu: as.token_endpoint }),
      },
    );
    assert.equal(code.status, 200, code.text);
    // The code's tokens are bound to the key of that proof: another key's refresh fails, nothing rotates.
    const refreshWith = (dpop?: string) =>
      postForm(t, '/oauth/token/', { grant_type: 'refresh_token', client_id: app.clientId, refresh_token: code.json.refresh_token }, dpop ? { dpop } : {});
    const other = await refreshWith(await (await proofKey()).proof({ htm: 'POST', htu: as.token_endpoint }));
    assert.equal(other.status, 400);
    assert.equal(other.json.error, 'invalid_grant');
    assert.equal((await refreshWith()).json.error, 'invalid_grant');
    // With oauth4webapi's own key from the start: code, then refresh with the same handle.
    const { params: again } = await authorize(browser, {
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: app.redirectUri,
      scope: 'profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's',
    });
    const first = await oauth.processGenericTokenEndpointResponse(
      as,
      client,
      await oauth.genericTokenEndpointRequest(
        as,
        client,
        oauth.None(),
        'authorization_code',
        { code: again.code, redirect_uri: app.redirectUri, code_verifier: verifier },
        { DPoP, ...allowHttp() },
      ),
    );
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), first.refresh_token!, { DPoP, ...allowHttp() }),
    );
    assert.equal(refreshed.token_type, 'dpop');
    assert.deepEqual(claims(refreshed.access_token).cnf, claims(first.access_token).cnf);
  });

  it('bad proofs are invalid_dpop_proof and write nothing: malformed, wrong htm or htu, stale or future iat, a private key, no jti, wrong typ, replayed', async () => {
    const app = await seedApp(t, user.id, { grantTypes: ['client_credentials'] });
    const key = await proofKey();
    const htu = as.token_endpoint!;
    const ok = { htm: 'POST', htu };
    const now = Math.floor(Date.now() / 1000);
    const { d } = await exportJWK(key.privateKey);
    const replayed = await key.proof(ok);
    const cases: Record<string, string> = {
      malformed: 'not.a.jwt',
      htm: await key.proof({ ...ok, htm: 'GET' }),
      htu: await key.proof({ ...ok, htu: `${t.baseUrl}/oauth/revoke_token/` }),
      otherHost: await key.proof({ ...ok, htu: htu.replace('127.0.0.1', 'evil.example') }),
      stale: await key.proof({ ...ok, iat: now - 600 }),
      future: await key.proof({ ...ok, iat: now + 600 }),
      privateKey: await key.proof(ok, { jwk: { ...key.jwk, d } }),
      noJti: await key.proof({ ...ok, jti: undefined }),
      typ: await key.proof(ok, { typ: 'JWT' }),
      symmetric: 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImRwb3Arand0In0.eyJodG0iOiJQT1NUIn0.c2lnbmF0dXJl',
    };
    const count = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM access_tokens'))[0].n);
    const send = (dpop: string) =>
      postForm(
        t,
        '/oauth/token/',
        { grant_type: 'client_credentials' },
        { authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`, dpop },
      );
    assert.equal((await send(replayed)).status, 200);
    const before = await count();
    for (const [name, dpop] of Object.entries({ ...cases, replayed })) {
      const res = await send(dpop);
      assert.equal(res.status, 400, `${name}: ${res.text}`);
      assert.equal(res.json.error, 'invalid_dpop_proof', name);
    }
    assert.equal(await count(), before, 'no token was issued');
  });
});

const PUBLIC = 'http://auth.example';

describe('DPoP server nonces and replay across instances', () => {
  let oauth: typeof Oauth;
  let dir: string;
  let a: TestApp;
  let b: TestApp;
  before(async () => {
    oauth = await esmImport('oauth4webapi');
    dir = makeDataDir();
    // Two instances behind one public URL, on the same database and SESSION_SECRET.
    a = await startApp({ DPOP_REQUIRE_NONCE: 'true', ISSUER: PUBLIC }, dir);
    b = await startApp({ DPOP_REQUIRE_NONCE: 'true', ISSUER: PUBLIC }, dir);
  });
  after(async () => {
    await a.close();
    await b.close();
    removeDataDir(dir);
  });

  it('use_dpop_nonce with a DPoP-Nonce at the token endpoint and at the resource; the nonce of one instance is good at the other', async () => {
    const user = await seedUser(a);
    const app = await seedApp(a, user.id, { grantTypes: ['password'], scopes: ['profile'] });
    const key = await proofKey();
    const tokenProof = (nonce?: string) => key.proof({ htm: 'POST', htu: `${PUBLIC}/oauth/token/`, ...(nonce ? { nonce } : {}) });
    const token = async (t: TestApp, dpop: string) =>
      postForm(
        t,
        '/oauth/token/',
        { grant_type: 'password', username: user.username, password: PASSWORD, scope: 'profile' },
        { authorization: basicOf(app), dpop },
      );
    const asked = await token(a, await tokenProof());
    assert.equal(asked.status, 400);
    assert.equal(asked.json.error, 'use_dpop_nonce');
    const nonce = asked.headers.get('dpop-nonce')!;
    assert.ok(nonce);
    const issued = await token(b, await tokenProof(nonce));
    assert.equal(issued.status, 200, issued.text);
    const accessToken = issued.json.access_token as string;
    const resource = async (t: TestApp, withNonce?: string) =>
      fetch(`${t.baseUrl}/accounts/resource/user/${user.id}/`, {
        headers: {
          authorization: `DPoP ${accessToken}`,
          dpop: await key.proof({
            htm: 'GET',
            htu: `${PUBLIC}/accounts/resource/user/${user.id}/`,
            ath: sha256(accessToken),
            ...(withNonce ? { nonce: withNonce } : {}),
          }),
        },
      });
    const challenged = await resource(a);
    assert.equal(challenged.status, 401);
    assert.match(challenged.headers.get('www-authenticate') ?? '', /^DPoP .*error="use_dpop_nonce"/);
    assert.equal((await resource(b, challenged.headers.get('dpop-nonce')!)).status, 200);
  });

  it('oauth4webapi retries on use_dpop_nonce with the nonce it was given', async () => {
    const t = await startApp({ DPOP_REQUIRE_NONCE: 'true' });
    try {
      const user = await seedUser(t);
      const app = await seedApp(t, user.id, { grantTypes: ['password'], scopes: ['profile'] });
      const as = { issuer: t.baseUrl, token_endpoint: `${t.baseUrl}/oauth/token/` };
      const client = { client_id: app.clientId };
      const opts = { DPoP: oauth.DPoP({}, await oauth.generateKeyPair('ES256')), [oauth.allowInsecureRequests]: true };
      const request = () =>
        oauth.genericTokenEndpointRequest(
          as,
          client,
          oauth.ClientSecretBasic(app.clientSecret!),
          'password',
          { username: user.username, password: PASSWORD, scope: 'profile' },
          opts,
        );
      await assert.rejects(
        async () => oauth.processGenericTokenEndpointResponse(as, client, await request()),
        (err: unknown) => oauth.isDPoPNonceError(err),
      );
      const tokens = await oauth.processGenericTokenEndpointResponse(as, client, await request());
      assert.equal(tokens.token_type, 'dpop');
      const url = new URL(`${t.baseUrl}/accounts/resource/user/${user.id}/`);
      assert.equal((await oauth.protectedResourceRequest(tokens.access_token, 'GET', url, new Headers(), null, opts)).status, 200);
    } finally {
      await t.close();
    }
  });

  it('a proof used at one instance is refused at the other (the jti store is the database)', async () => {
    const user = await seedUser(a);
    const app = await seedApp(a, user.id, { grantTypes: ['client_credentials'] });
    const key = await proofKey();
    const htu = `${PUBLIC}/oauth/token/`;
    const send = (t: TestApp, dpop: string) => postForm(t, '/oauth/token/', { grant_type: 'client_credentials' }, { authorization: basicOf(app), dpop });
    const nonce = (await send(a, await key.proof({ htm: 'POST', htu }))).headers.get('dpop-nonce')!;
    const proof = await key.proof({ htm: 'POST', htu, nonce });
    assert.equal((await send(a, proof)).status, 200);
    for (const t of [a, b]) {
      const replay = await send(t, proof);
      assert.equal(replay.status, 400);
      assert.equal(replay.json.error, 'invalid_dpop_proof');
    }
  });
});

const basicOf = (app: { clientId: string; clientSecret?: string }) => `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');
