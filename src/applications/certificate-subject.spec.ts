import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { jwksThumbprints, parseDn, tlsSubjectProblem } from './certificate-subject';

describe('certificate subjects (RFC 8705 §2.1.2)', () => {
  it('parses an RFC 4514 DN into RDNs in certificate order, attribute types in any case', () => {
    assert.deepEqual(parseDn('cn=Client One,O=Example\\, Inc.,C=DE'), [{ C: ['DE'] }, { O: ['Example, Inc.'] }, { CN: ['Client One'] }]);
  });

  it('refuses what is not a DN', () => {
    for (const dn of ['not a DN', 'CN=', '=x', '', ' ', 'x'.repeat(1001)]) assert.equal(parseDn(dn), null, dn);
  });

  it('checks each SAN kind', () => {
    assert.equal(tlsSubjectProblem('san_ip', '2001:db8::1'), undefined);
    assert.equal(tlsSubjectProblem('san_ip', '10.0.0'), 'applications.errors.tlsSubject.san_ip');
    assert.equal(tlsSubjectProblem('san_dns', 'client.example'), undefined);
    assert.equal(tlsSubjectProblem('san_dns', 'client example'), 'applications.errors.tlsSubject.san_dns');
    assert.equal(tlsSubjectProblem('san_uri', 'no-scheme'), 'applications.errors.tlsSubject.san_uri');
    assert.equal(tlsSubjectProblem('san_email', 'a@b.example'), undefined);
  });

  it('takes a JWK Set of public keys only', async () => {
    const ec = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };
    assert.equal((await jwksThumbprints({ keys: [ec] }))?.length, 1);
    assert.equal(await jwksThumbprints({ keys: [{ ...ec, d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI' }] }), null);
    assert.equal(await jwksThumbprints({ keys: [] }), null);
    assert.equal(await jwksThumbprints([ec]), null);
  });
});
