import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { makeDataDir, removeDataDir, startApp, TestApp } from '../support/app';
import { postForm, seedApp, seedUser } from '../support/oauth';
import { CertFiles, makeCa, makeCert } from '../support/tls';

const HEADER = 'X-SSL-Client-Cert';
// nginx $ssl_client_escaped_cert: the PEM, URL-encoded.
const escaped = (cert: CertFiles) => encodeURIComponent(cert.cert);

describe('TLS_CLIENT_CERT_HEADER: a client certificate forwarded by a TLS-terminating proxy', () => {
  let dir: string;
  let ca: CertFiles;
  let good: CertFiles;
  let foreign: CertFiles;
  let expired: CertFiles;
  const apps: TestApp[] = [];
  before(() => {
    dir = makeDataDir();
    ca = makeCa(dir);
    good = makeCert(dir, 'good', { subject: '/CN=proxied', ca });
    foreign = makeCert(dir, 'foreign', { subject: '/CN=proxied', ca: makeCa(dir, 'other-ca') });
    expired = makeCert(dir, 'expired', { subject: '/CN=proxied', ca, expired: true });
  });
  after(async () => {
    for (const t of apps) await t.close();
    removeDataDir(dir);
  });

  async function behindProxy(trustProxy: string) {
    const t = await startApp({ TLS_CLIENT_CA_FILE: ca.certFile, TLS_CLIENT_CERT_HEADER: HEADER, TRUST_PROXY: trustProxy });
    apps.push(t);
    const app = await seedApp(t, (await seedUser(t)).id, {
      grantTypes: ['client_credentials'],
      redirectUris: [],
      tokenEndpointAuthMethod: 'tls_client_auth',
      tlsSubject: { subject_dn: 'CN=proxied' },
    });
    return (cert: CertFiles) => postForm(t, '/oauth/token/', { grant_type: 'client_credentials', client_id: app.clientId }, { [HEADER]: escaped(cert) });
  }

  it('from a TRUST_PROXY address the header authenticates the client; a certificate of another CA or an expired one does not', async () => {
    const token = await behindProxy('127.0.0.1');
    assert.equal((await token(good)).status, 200);
    for (const bad of [foreign, expired]) {
      const res = await token(bad);
      assert.equal(res.status, 401);
      assert.equal(res.json.error, 'invalid_client');
    }
  });

  it('from any other address the header is ignored', async () => {
    const token = await behindProxy('10.0.0.1');
    const res = await token(good);
    assert.equal(res.status, 401);
    assert.equal(res.json.error, 'invalid_client');
  });
});
