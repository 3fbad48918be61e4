import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { matchRedirectUri } from './redirect-uri';

describe('matchRedirectUri', () => {
  const registered = ['https://client.example.com/cb', 'http://127.0.0.1/native', 'http://[::1]:8080/v6?x=1'];

  it('accepts an exactly registered URI', () => {
    assert.equal(matchRedirectUri(registered, 'https://client.example.com/cb'), 'https://client.example.com/cb');
  });

  it('refuses every variation of a registered URI', () => {
    for (const uri of [
      'https://client.example.com/cb/',
      'https://client.example.com/cb/x',
      'https://client.example.com/cb?x=1',
      'https://client.example.com/CB',
      'https://Client.example.com/cb',
      'https://client.example.com:443/cb',
      'https://client.example.com:8443/cb',
      'https://user@client.example.com/cb',
      'https://client.example.com/cb#f',
      'http://client.example.com/cb',
      'https://client.example.com/cb ',
    ]) {
      assert.equal(matchRedirectUri(registered, uri), null, uri);
    }
  });

  it('lets only the port of a loopback IP literal vary (RFC 8252 §7.3)', () => {
    assert.equal(matchRedirectUri(registered, 'http://127.0.0.1:49152/native'), 'http://127.0.0.1:49152/native');
    assert.equal(matchRedirectUri(registered, 'http://[::1]/v6?x=1'), 'http://[::1]/v6?x=1');
    assert.equal(matchRedirectUri(registered, 'http://[::1]:1234/v6?x=1'), 'http://[::1]:1234/v6?x=1');
    assert.equal(matchRedirectUri(registered, 'http://127.0.0.1:49152/other'), null);
    assert.equal(matchRedirectUri(registered, 'http://127.0.0.1:49152@evil.example/native'), null);
    assert.equal(matchRedirectUri(registered, 'https://127.0.0.1:49152/native'), null);
    assert.equal(matchRedirectUri(['http://localhost/native'], 'http://localhost:5000/native'), null);
  });

  it('refuses a loopback port no one can listen on (0, above 65535): later code would fail to parse it', () => {
    for (const uri of ['http://127.0.0.1:99999/native', 'http://127.0.0.1:65536/native', 'http://127.0.0.1:0/native', 'http://[::1]:99999/v6?x=1']) {
      assert.equal(matchRedirectUri(registered, uri), null, uri);
    }
    assert.equal(matchRedirectUri(registered, 'http://127.0.0.1:65535/native'), 'http://127.0.0.1:65535/native');
    assert.equal(matchRedirectUri(registered, 'http://127.0.0.1:1/native'), 'http://127.0.0.1:1/native');
  });

  it('never answers a registered URI that is no ASCII URL (stored before registration checked it)', () => {
    assert.equal(matchRedirectUri(['https://client.example/中'], 'https://client.example/中'), null);
    assert.equal(matchRedirectUri(['https://client.example/中'], undefined), null);
    assert.equal(matchRedirectUri(['not a url'], undefined), null);
  });

  it('uses the only registered URI when none is given, and refuses to guess among several', () => {
    assert.equal(matchRedirectUri(['https://a.example/cb'], undefined), 'https://a.example/cb');
    assert.equal(matchRedirectUri(registered, undefined), null);
    assert.equal(matchRedirectUri([], undefined), null);
  });
});
