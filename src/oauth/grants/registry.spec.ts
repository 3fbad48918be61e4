import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { clientShapeProblems, ClientShape } from '../../applications/application-rules';
import { GrantCatalog } from '../../applications/grant-catalog';
import { hasMessage, LANGUAGES } from '../../common/i18n/i18n';
import type { OAuthConfig } from '../../config/configuration';
import type { OAuthGrant } from './grant';
import { canonicalResponseType, GRANTS, GrantRegistry } from './registry';

const descriptors = GRANTS.map((g) => g.descriptor);
const config = (overrides: Partial<OAuthConfig> = {}) => ({ allowImplicitGrant: true, allowPasswordGrant: true, ...overrides }) as OAuthConfig;
// The registry needs instances only for what they implement; the descriptors are static.
const instances = (): OAuthGrant[] =>
  GRANTS.map((g) => ({
    descriptor: g.descriptor,
    ...('handle' in g.prototype ? { handle: g.prototype.handle } : {}),
    ...('authorize' in g.prototype ? { authorize: g.prototype.authorize } : {}),
  }));

describe('the grant registry', () => {
  it('names each grant once, with its label and help in every language', () => {
    assert.equal(new Set(descriptors.map((d) => d.type)).size, descriptors.length);
    for (const d of descriptors) {
      for (const lang of LANGUAGES) {
        assert.ok(hasMessage(lang, `applications.grants.${d.type}.label`), `${lang} label of ${d.type}`);
        assert.ok(hasMessage(lang, `applications.grants.${d.type}.help`), `${lang} help of ${d.type}`);
      }
    }
  });

  it('gives the catalog every grant, and the endpoints only those the configuration enables', () => {
    const catalog = new GrantCatalog();
    const registry = new GrantRegistry(instances(), catalog, config({ allowPasswordGrant: false, allowImplicitGrant: false }));
    assert.deepEqual(
      catalog.all().map((d) => d.type),
      ['authorization_code', 'implicit', 'password', 'client_credentials', 'refresh_token'],
    );
    assert.deepEqual(
      registry.enabled.map((g) => g.descriptor.type),
      ['authorization_code', 'client_credentials', 'refresh_token'],
    );
    assert.equal(registry.tokenGrant('password'), undefined, 'disabled');
    assert.equal(registry.tokenGrant('implicit'), undefined, 'not a token endpoint grant');
    assert.ok(registry.tokenGrant('refresh_token'));
    assert.equal(registry.authorizationGrant('token'), undefined, 'disabled');
    assert.equal(registry.authorizationGrant('code')?.descriptor.type, 'authorization_code');
    assert.equal(registry.responseMode('token'), 'fragment', 'an error about a disabled response type still goes where it would');
    assert.throws(() => new GrantRegistry(instances(), catalog, config()), /registered twice/);
  });

  it('finds a response type whatever the order of its names (OAuth 2.0 Multiple Response Types §5)', () => {
    const registry = new GrantRegistry(instances(), new GrantCatalog(), config());
    assert.equal(canonicalResponseType('token id_token'), 'id_token token');
    assert.equal(registry.authorizationGrant(canonicalResponseType('token  id_token'))?.descriptor.type, 'implicit');
    assert.equal(registry.responseMode('token id_token'), 'fragment');
    assert.equal(registry.authorizationGrant('code id_token'), undefined, 'no hybrid flow');
  });
});

describe('clientShapeProblems reads the rules the grants declare', () => {
  const shape = (overrides: Partial<ClientShape>): ClientShape => ({
    clientType: 'confidential',
    grantTypes: ['authorization_code'],
    redirectUris: ['https://a.example/cb'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    ...overrides,
  });
  const problems = (overrides: Partial<ClientShape>) => clientShapeProblems(shape(overrides), descriptors);

  it('accepts a consistent application', () => {
    assert.deepEqual(problems({}), {});
    assert.deepEqual(problems({ grantTypes: ['client_credentials'], redirectUris: [] }), {});
  });

  it('names an unknown grant, a confidential-only grant on a public client, a refresh token alone, a missing redirect URI', () => {
    assert.equal(problems({ grantTypes: ['urn:ietf:params:oauth:grant-type:device_code'] }).grant_types, 'applications.errors.unknownGrant');
    assert.equal(problems({ clientType: 'public', tokenEndpointAuthMethod: 'none', grantTypes: ['password'] }).grant_types, 'applications.errors.publicGrant');
    assert.equal(problems({ grantTypes: ['refresh_token', 'client_credentials'] }).grant_types, 'applications.errors.refreshNeedsGrant');
    assert.deepEqual(problems({ grantTypes: ['refresh_token', 'password'] }), {});
    assert.equal(problems({ grantTypes: ['implicit'], redirectUris: [] }).redirect_uris, 'applications.errors.redirectUrisRequired');
    assert.equal(problems({ grantTypes: [] }).grant_types, 'applications.errors.grantTypesRequired');
  });
});
