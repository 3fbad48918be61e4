import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateApplicationDto, toApplicationInput, toApplicationUpdate } from './create-application.dto';

const parse = (body: Record<string, unknown>) => {
  const dto = plainToInstance(CreateApplicationDto, body);
  const errors = Object.fromEntries(validateSync(dto).map((e) => [e.property, Object.values(e.constraints ?? {})[0]]));
  return { dto, errors };
};

describe('CreateApplicationDto', () => {
  it('reads the HTML form: one URI a line, single checkbox values as lists, scope checkboxes joined', () => {
    const { dto, errors } = parse({
      client_name: 'App',
      redirect_uris: 'https://a.example/cb\r\n\r\n http://127.0.0.1:9/cb ',
      grant_types: 'authorization_code',
      scope: ['read', 'email'],
      token_endpoint_auth_method: '',
      client_type: 'confidential',
    });
    assert.deepEqual(errors, {});
    assert.deepEqual(dto.redirect_uris, ['https://a.example/cb', 'http://127.0.0.1:9/cb']);
    assert.deepEqual(dto.grant_types, ['authorization_code']);
    assert.equal(dto.scope, 'read email');
    assert.equal(dto.token_endpoint_auth_method, undefined);
  });

  it('names the redirect URI problem with its own message key', () => {
    assert.equal(parse({ redirect_uris: ['http://a.example/cb'] }).errors.redirect_uris, 'applications.errors.redirectUriHttps');
    assert.equal(parse({ redirect_uris: ['https://a.example/cb#f'] }).errors.redirect_uris, 'applications.errors.redirectUriFragment');
    assert.equal(parse({ redirect_uris: ['cb'] }).errors.redirect_uris, 'applications.errors.redirectUriInvalid');
  });

  it('requires a scope, and leaves which scopes exist to the service (whose message names them)', () => {
    assert.equal(parse({ scope: '' }).errors.scope, 'applications.errors.scopeRequired');
    assert.equal(parse({ scope: 'read admin' }).errors.scope, undefined);
  });

  it('derives the client type from the auth method (none = public); registration defaults to confidential', () => {
    const base = { client_name: 'A', grant_types: ['authorization_code'], scope: 'read' } as CreateApplicationDto;
    assert.equal(toApplicationInput({ ...base, token_endpoint_auth_method: 'none' }).clientType, 'public');
    assert.equal(toApplicationInput({ ...base, token_endpoint_auth_method: 'client_secret_post' }).clientType, 'confidential');
    assert.equal(toApplicationInput(base).clientType, 'confidential');
    assert.equal(toApplicationUpdate(base).clientType, undefined, 'an update keeps the stored type');
    assert.equal(toApplicationInput({ ...base, client_type: 'public' }).clientType, 'public');
  });
});
