import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { InvalidClientError, InvalidRequestError } from '../../common/errors/oauth.error';
import { presentedCredentials } from './presented-credentials';

const basic = (raw: string) => `Basic ${Buffer.from(raw).toString('base64')}`;

describe('presentedCredentials', () => {
  it('form-decodes the id and secret of a Basic header (RFC 6749 §2.3.1)', () => {
    assert.deepEqual(presentedCredentials(basic('my%20app:se%3Acr+et'), {}), { clientId: 'my app', secret: 'se:cr et', method: 'client_secret_basic' });
  });

  it('reads client_secret_post and none from the body', () => {
    assert.deepEqual(presentedCredentials(undefined, { client_id: 'a', client_secret: 's' }), { clientId: 'a', secret: 's', method: 'client_secret_post' });
    assert.deepEqual(presentedCredentials(undefined, { client_id: 'a' }), { clientId: 'a', method: 'none' });
  });

  it('refuses two methods at once and a body client_id that contradicts the header', () => {
    assert.throws(() => presentedCredentials(basic('a:s'), { client_secret: 's' }), InvalidRequestError);
    assert.throws(() => presentedCredentials(basic('a:s'), { client_id: 'b' }), InvalidRequestError);
    assert.deepEqual(presentedCredentials(basic('a:s'), { client_id: 'a' }).method, 'client_secret_basic');
  });

  it('answers invalid_client for no credentials or a malformed header', () => {
    assert.throws(() => presentedCredentials(undefined, {}), InvalidClientError);
    assert.throws(() => presentedCredentials(basic('no-colon'), {}), InvalidClientError);
    assert.throws(() => presentedCredentials(basic('%E0%A4%A:x'), {}), InvalidClientError);
    assert.throws(() => presentedCredentials(undefined, { client_id: 'x'.repeat(300) }), InvalidClientError);
  });
});
