import { strict as assert } from 'node:assert';
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeDataDir, removeDataDir, startApp, TestApp } from '../support/app';
import { apiUser, validApp } from '../support/management';
import { PASSWORD, seedApp, seedUser } from '../support/oauth';
import { CertFiles, httpsRequest, makeCa, makeCert, x5tS256 } from '../support/tls';

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, any>;

const jwksOf = (cert: CertFiles) => ({ keys: [createPublicKey(cert.cert).export({ format: 'jwk' })] });

describe('TLS client authentication (RFC 8705 §2)', () => {
  let t: TestApp;
  let dir: string;
  let ca: CertFiles;
  const certs: Record<string, CertFiles> = {};
  const apps: Record<string, string> = {};
  let user: { id: number; username: string };

  before(async () => {
    dir = makeDataDir();
    const pki = join(dir, 'pki');
    ca = makeCa(pki);
    const otherCa = makeCa(pki, 'other-ca');
    const server = makeCert(pki, 'server', { subject: '/CN=127.0.0.1', ca, san: ['IP:127.0.0.1'] });
    const subject = '/C=DE/O=Example, Inc./CN=client one';
    certs.good = makeCert(pki, 'good', { subject, ca, san: ['DNS:client-one.example', 'IP:10.0.0.1'] });
    certs.expired = makeCert(pki, 'expired', { subject, ca, expired: true });
    certs.sameSubject = makeCert(pki, 'same-subject', { subject, ca, san: ['DNS:client-one.example'] });
    certs.foreign = makeCert(pki, 'foreign', { subject, ca: otherCa, san: ['DNS:client-one.example'] });
    certs.selfSigned = makeCert(pki, 'self', { subject: '/CN=self signed' });
    certs.otherSelfSigned = makeCert(pki, 'other-self', { subject: '/CN=self signed' });
    certs.selfExpired = makeCert(pki, 'self-expired', { subject: '/CN=self signed', expired: true });
    t = await startApp({ TLS_CERT_FILE: server.certFile, TLS_KEY_FILE: server.keyFile, TLS_CLIENT_CA_FILE: ca.certFile }, dir);
    user = await seedUser(t);
    const owner = user.id;
    const seed = async (name: string, input: object) =>
      (apps[name] = (await seedApp(t, owner, { grantTypes: ['client_credentials'], redirectUris: [], ...input })).clientId);
    await seed('dn', { tokenEndpointAuthMethod: 'tls_client_auth', tlsSubject: { subject_dn: 'cn=Client  One,O=Example\\, Inc.,C=DE' } });
    await seed('dns', { tokenEndpointAuthMethod: 'tls_client_auth', tlsSubject: { san_dns: 'CLIENT-ONE.example' } });
    await seed('ip', { tokenEndpointAuthMethod: 'tls_client_auth', tlsSubject: { san_ip: '10.0.0.1' } });
    await seed('otherDn', { tokenEndpointAuthMethod: 'tls_client_auth', tlsSubject: { subject_dn: 'CN=client two,O=Example\\, Inc.,C=DE' } });
    await seed('self', { tokenEndpointAuthMethod: 'self_signed_tls_client_auth', jwks: jwksOf(certs.selfSigned) });
    await seed('bound', {
      tokenEndpointAuthMethod: 'tls_client_auth',
      tlsSubject: { san_dns: 'client-one.example' },
      tlsBoundTokens: true,
      grantTypes: ['client_credentials', 'password', 'refresh_token'],
      scopes: ['read', 'profile'],
    });
    await seed('selfExpired', { tokenEndpointAuthMethod: 'self_signed_tls_client_auth', jwks: jwksOf(certs.selfExpired) });
  });
  after(async () => {
    await t.close();
    removeDataDir(dir);
  });

  const token = (clientId: string, client?: CertFiles) =>
    httpsRequest(`${t.baseUrl}/oauth/token/`, { ca: ca.cert, client, form: { grant_type: 'client_credentials', client_id: clientId } });

  async function refused(clientId: string, client?: CertFiles) {
    const res = await token(clientId, client);
    assert.equal(res.status, 401, res.text);
    assert.equal(res.json().error, 'invalid_client');
  }

  it('tls_client_auth: a certificate from the CA with the registered subject DN (compared as RFC 8705 §2.1.2 says) or SAN', async () => {
    for (const name of ['dn', 'dns', 'ip']) {
      const res = await token(apps[name], certs.good);
      assert.equal(res.status, 200, `${name}: ${res.text}`);
      assert.equal(res.json().token_type, 'Bearer');
    }
  });

  it('tls_client_auth: no certificate, another subject, an expired one, or one from another CA is invalid_client', async () => {
    await refused(apps.dn);
    await refused(apps.otherDn, certs.good);
    await refused(apps.dn, certs.expired);
    await refused(apps.dn, certs.foreign);
    await refused(apps.dns, certs.foreign);
    await refused(apps.dn, certs.selfSigned);
  });

  it('self_signed_tls_client_auth: the registered key proves the client; another key, an expired certificate or none does not', async () => {
    assert.equal((await token(apps.self, certs.selfSigned)).status, 200);
    await refused(apps.self, certs.otherSelfSigned);
    await refused(apps.self);
    await refused(apps.selfExpired, certs.selfExpired);
  });

  const resource = (accessToken: string, client?: CertFiles) =>
    httpsRequest(`${t.baseUrl}/accounts/resource/user/${user.id}/`, { ca: ca.cert, client, headers: { authorization: `Bearer ${accessToken}` } });
  const passwordToken = (client: CertFiles) =>
    httpsRequest(`${t.baseUrl}/oauth/token/`, {
      ca: ca.cert,
      client,
      form: { grant_type: 'password', client_id: apps.bound, username: user.username, password: PASSWORD, scope: 'profile' },
    });

  it('certificate-bound tokens (RFC 8705 §3): cnf x5t#S256 in the token and in introspection; the resource wants the same certificate', async () => {
    const res = await passwordToken(certs.good);
    assert.equal(res.status, 200, res.text);
    const { access_token: accessToken } = res.json();
    assert.deepEqual(claims(accessToken).cnf, { 'x5t#S256': x5tS256(certs.good.cert) });
    assert.equal((await resource(accessToken, certs.good)).status, 200);
    for (const stolen of [undefined, certs.sameSubject, certs.selfSigned]) {
      const refused = await resource(accessToken, stolen);
      assert.equal(refused.status, 401, refused.text);
      assert.equal(refused.json().error, 'invalid_token');
      assert.match(String(refused.headers['www-authenticate']), /error="invalid_token"/);
    }
    const introspection = await httpsRequest(`${t.baseUrl}/oauth/introspect/`, {
      ca: ca.cert,
      client: certs.good,
      form: { token: accessToken, client_id: apps.bound },
    });
    assert.equal(introspection.status, 200, introspection.text);
    assert.deepEqual(introspection.json().cnf, { 'x5t#S256': x5tS256(certs.good.cert) });
  });

  it('a bound refresh token works only from its certificate; from another one it is invalid_grant and stays usable', async () => {
    const { refresh_token: refreshToken } = (await passwordToken(certs.good)).json();
    const refresh = (client: CertFiles) =>
      httpsRequest(`${t.baseUrl}/oauth/token/`, {
        ca: ca.cert,
        client,
        form: { grant_type: 'refresh_token', client_id: apps.bound, refresh_token: refreshToken },
      });
    const other = await refresh(certs.sameSubject);
    assert.equal(other.status, 400, other.text);
    assert.equal(other.json().error, 'invalid_grant');
    const own = await refresh(certs.good);
    assert.equal(own.status, 200, own.text);
    assert.deepEqual(claims(own.json().access_token).cnf, { 'x5t#S256': x5tS256(certs.good.cert) });
  });

  it('a secret-authenticated client that binds its tokens needs a certificate on the connection', async () => {
    const seeded = await seedApp(t, user.id, { grantTypes: ['client_credentials'], tlsBoundTokens: true });
    const basic = `Basic ${Buffer.from(`${seeded.clientId}:${seeded.clientSecret}`).toString('base64')}`;
    const form = { grant_type: 'client_credentials' };
    const without = await httpsRequest(`${t.baseUrl}/oauth/token/`, { ca: ca.cert, form, headers: { authorization: basic } });
    assert.equal(without.status, 400, without.text);
    assert.equal(without.json().error, 'invalid_request');
    const withCert = await httpsRequest(`${t.baseUrl}/oauth/token/`, { ca: ca.cert, client: certs.selfSigned, form, headers: { authorization: basic } });
    assert.equal(withCert.status, 200, withCert.text);
    assert.deepEqual(claims(withCert.json().access_token).cnf, { 'x5t#S256': x5tS256(certs.selfSigned.cert) });
  });
});

describe('registering a TLS client (RFC 7591 names, validated)', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(async () => t.close());

  it('takes a subject DN or a JWK Set and answers them back; no client secret is made', async () => {
    const dev = await apiUser(t);
    const dn = 'CN=client.example,O=Example,C=DE';
    const res = await dev.call(
      'POST',
      '/oauth/applications/register/',
      validApp({ token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: dn, tls_client_certificate_bound_access_tokens: true }),
    );
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json().tls_client_auth_subject_dn, dn);
    assert.equal(res.json().tls_client_certificate_bound_access_tokens, true);
    assert.equal(res.json().client_secret, undefined);
    const jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' }] };
    const self = await dev.call('POST', '/oauth/applications/register/', validApp({ token_endpoint_auth_method: 'self_signed_tls_client_auth', jwks }));
    assert.equal(self.status, 201, self.text);
    assert.deepEqual(self.json().jwks, jwks);
  });

  it('a DN that does not parse, two subject fields, a JWK Set with a private key, or a field without its method is a 400 naming the field', async () => {
    const dev = await apiUser(t);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'not a DN' }, 'tls_client_auth_subject_dn'],
      [{ token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=' }, 'tls_client_auth_subject_dn'],
      [{ token_endpoint_auth_method: 'tls_client_auth' }, 'tls_client_auth_subject_dn'],
      [{ token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_san_ip: '10.0.0' }, 'tls_client_auth_san_ip'],
      [
        { token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_san_dns: 'a.example', tls_client_auth_san_uri: 'https://a.example' },
        'tls_client_auth_san_uri',
      ],
      [{ token_endpoint_auth_method: 'client_secret_basic', tls_client_auth_san_dns: 'a.example' }, 'tls_client_auth_san_dns'],
      [{ token_endpoint_auth_method: 'self_signed_tls_client_auth', jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }, 'jwks'],
      [{ token_endpoint_auth_method: 'self_signed_tls_client_auth' }, 'jwks'],
      [{ tls_client_certificate_bound_access_tokens: 'yes' }, 'tls_client_certificate_bound_access_tokens'],
    ];
    const before = (await dev.call('GET', '/oauth/applications/')).json().length;
    for (const [fields, named] of cases) {
      const res = await dev.call('POST', '/oauth/applications/register/', validApp(fields));
      assert.equal(res.status, 400, `${JSON.stringify(fields)}: ${res.text}`);
      assert.ok(res.json().fields[named], `${JSON.stringify(fields)} names ${named}: ${res.text}`);
    }
    assert.equal((await dev.call('GET', '/oauth/applications/')).json().length, before, 'nothing was registered');
  });
});
