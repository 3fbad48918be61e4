/*
 * The peer: node-oidc-provider (the `oidc-provider` package, a certified OpenID Connect
 * provider on Koa) configured as its documentation shows for what the bench measures:
 *
 * - client_credentials with Resource Indicators (RFC 8707): a token requested with
 *   `resource=<RESOURCE>` is an ES256-signed JWT access token (RFC 9068) for that API;
 * - introspection (RFC 7662) of opaque access tokens;
 * - userinfo (GET /me) with an opaque Bearer token issued to a user for `openid profile email`.
 *
 * Storage is the package's own in-memory adapter (a QuickLRU of 1000 entries): nothing is
 * written anywhere. It is subclassed only so that the provider does not print its
 * "development-only adapter" notice, which is what we are measuring on purpose.
 *
 * Run from the source tree (ESM, the package is ESM only): `node bench/peer/server.mjs <fixtures.json>`
 * with PORT (default 3902). Before listening it mints a live opaque user access token through
 * the provider's own models and writes what the bench needs (client, secret, resource, token)
 * as JSON to the path given.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import Provider, { errors } from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';

const port = Number(process.env.PORT ?? 3902);
const out = process.argv[2] ?? 'peer-fixtures.json';
const issuer = `http://127.0.0.1:${port}`;

/** The API a client_credentials token is requested for (its `aud`). */
const RESOURCE = 'urn:auth-center:bench:api';
const client = { clientId: `bench-${randomUUID().slice(0, 8)}`, clientSecret: randomBytes(32).toString('base64url') };
const account = { id: randomUUID(), username: 'bench-user', email: 'bench-user@example.com' };

class InMemoryAdapter extends MemoryAdapter {}

const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  adapter: InMemoryAdapter,
  jwks: { keys: [{ ...key, kid: 'bench-es256', use: 'sig', alg: 'ES256' }] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  clients: [
    {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['https://client.example/callback'],
      id_token_signed_response_alg: 'ES256',
    },
  ],
  scopes: ['openid', 'offline_access', 'profile', 'email', 'read'],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
  async findAccount(_ctx, sub) {
    if (sub !== account.id) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, name: 'Bench User', preferred_username: account.username, email: account.email, email_verified: true };
      },
    };
  },
  features: {
    // Our own interactions would go here; none of the measured endpoints needs one.
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: {
      enabled: true,
      // The default policy (with a notice): a public client may only introspect its own tokens.
      async allowedPolicy(ctx, caller, token) {
        return caller.clientAuthMethod !== 'none' || token.clientId === caller.clientId;
      },
    },
    resourceIndicators: {
      enabled: true,
      async getResourceServerInfo(_ctx, resourceIndicator) {
        if (resourceIndicator !== RESOURCE) throw new errors.InvalidTarget();
        return { scope: 'read', audience: RESOURCE, accessTokenTTL: 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
      },
    },
  },
  // The default answers with a notice on first use; these say the same durations explicitly.
  ttl: {
    AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 24 * 3600,
    ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 600,
    Grant: 14 * 24 * 3600,
  },
  clientBasedCORS: () => false,
});

// A user's grant and opaque access token, as the authorization code flow would have left them.
const registered = await provider.Client.find(client.clientId);
const grant = new provider.Grant({ accountId: account.id, clientId: client.clientId });
grant.addOIDCScope('openid profile email');
const grantId = await grant.save();
const accessToken = await new provider.AccessToken({
  accountId: account.id,
  client: registered,
  grantId,
  gty: 'authorization_code',
  scope: 'openid profile email',
}).save();

writeFileSync(
  out,
  JSON.stringify(
    { clientId: client.clientId, clientSecret: client.clientSecret, resource: RESOURCE, scope: 'read', accessToken, accountId: account.id },
    null,
    2,
  ),
);
provider.listen(port, '127.0.0.1');
