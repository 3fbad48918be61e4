import { strict as assert } from 'node:assert';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { makeDataDir, removeDataDir, startApp, TestApp } from '../support/app';
import { CertFiles, httpsRequest, makeCa, makeCert } from '../support/tls';

/** The subject CN of the certificate the server shows a new connection. */
function serverCn(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca }, () => {
      resolve(String(socket.getPeerCertificate().subject.CN));
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('HTTPS listener (TLS_CERT_FILE, TLS_KEY_FILE)', () => {
  let t: TestApp;
  let ca: CertFiles;
  let dir: string;
  before(async () => {
    dir = makeDataDir();
    ca = makeCa(join(dir, 'pki'));
    const server = makeCert(join(dir, 'pki'), 'server', { subject: '/CN=first', ca, san: ['IP:127.0.0.1'] });
    t = await startApp({ TLS_CERT_FILE: server.certFile, TLS_KEY_FILE: server.keyFile }, dir);
  });
  after(async () => {
    await t.close();
    removeDataDir(dir);
  });

  it('speaks HTTPS on PORT and answers without a client certificate', async () => {
    assert.match(t.baseUrl, /^https:/);
    const res = await httpsRequest(`${t.baseUrl}/.well-known/oauth-authorization-server`, { ca: ca.cert });
    assert.equal(res.status, 200);
    assert.equal(res.json().issuer, t.baseUrl);
  });

  it('metadata lists the TLS client authentication methods, certificate-bound tokens and the DPoP algorithms', async () => {
    const meta = (await httpsRequest(`${t.baseUrl}/.well-known/oauth-authorization-server`, { ca: ca.cert })).json();
    assert.deepEqual(meta.token_endpoint_auth_methods_supported, [
      'client_secret_basic',
      'client_secret_post',
      'none',
      'tls_client_auth',
      'self_signed_tls_client_auth',
    ]);
    assert.equal(meta.tls_client_certificate_bound_access_tokens, true);
    assert.ok(meta.dpop_signing_alg_values_supported.includes('ES256'));
    const openid = (await httpsRequest(`${t.baseUrl}/.well-known/openid-configuration`, { ca: ca.cert })).json();
    assert.equal(openid.tls_client_certificate_bound_access_tokens, true);
    assert.deepEqual(openid.dpop_signing_alg_values_supported, meta.dpop_signing_alg_values_supported);
  });

  it('takes a renewed certificate on SIGHUP, without a restart', async () => {
    assert.equal(await serverCn(t.port, ca.cert), 'first');
    const renewed = makeCert(join(dir, 'pki'), 'renewed', { subject: '/CN=renewed', ca, san: ['IP:127.0.0.1'] });
    copyFileSync(renewed.certFile, t.env.TLS_CERT_FILE);
    copyFileSync(renewed.keyFile, t.env.TLS_KEY_FILE);
    process.emit('SIGHUP', 'SIGHUP');
    assert.equal(await serverCn(t.port, ca.cert), 'renewed');
  });
});
