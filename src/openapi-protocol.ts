import type { OpenAPIObject } from '@nestjs/swagger';

type Operation = NonNullable<OpenAPIObject['paths'][string]['post']>;
type Schema = Record<string, unknown>;

const string = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const form = (properties: Record<string, Schema>, required: string[]): Operation['requestBody'] => ({
  required: true,
  content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties, required } } },
});
const oauthError = { description: 'RFC 6749 §5.2 error: `{"error": "...", "error_description": "..."}`' };
const clientAuth: Operation['security'] = [{ clientBasic: [] }, {}];

/**
 * The protocol and sign-in operations, written out: form-encoded endpoints whose shapes come
 * from the RFCs rather than from DTOs. Merged into the generated document (openapi.ts).
 */
export const PROTOCOL_PATHS: OpenAPIObject['paths'] = {
  '/oauth/authorize/': {
    get: {
      tags: ['oauth'],
      summary: 'Authorization endpoint (RFC 6749 §3.1): sign-in and consent pages, then a redirect to the client',
      parameters: [
        ['response_type', 'code, or token (implicit, when enabled)', true],
        ['client_id', 'the application\u2019s client id', true],
        ['redirect_uri', 'one of the registered redirect URIs', false],
        ['scope', 'space-separated scopes', false],
        ['state', 'returned unchanged to the client', false],
        ['code_challenge', 'PKCE (RFC 7636)', false],
        ['code_challenge_method', 'S256 or plain', false],
      ].map(([name, description, required]) => ({ name: name as string, in: 'query', required: required as boolean, schema: string(description as string) })),
      responses: {
        200: { description: 'The consent page (HTML)' },
        303: { description: 'To the sign-in page, or back to the redirect URI with `code` (or the token) or an error' },
      },
    },
  },
  '/oauth/token/': {
    post: {
      tags: ['oauth'],
      summary: 'Token endpoint (RFC 6749 §3.2): a grant for an access token',
      security: clientAuth,
      requestBody: form(
        {
          grant_type: string('authorization_code, refresh_token, client_credentials or password (when enabled)'),
          code: string('authorization_code: the code'),
          redirect_uri: string('authorization_code: as in the authorization request'),
          code_verifier: string('authorization_code with PKCE'),
          refresh_token: string('refresh_token: the refresh token'),
          username: string('password grant'),
          password: string('password grant', { format: 'password' }),
          scope: string('optional: a subset of the granted scopes'),
          client_id: string('public clients, or client_secret_post'),
          client_secret: string('client_secret_post'),
        },
        ['grant_type'],
      ),
      responses: {
        200: { description: '`{"access_token", "token_type": "Bearer", "expires_in", "refresh_token"?, "scope"}`' },
        400: oauthError,
        401: oauthError,
        429: { description: 'Too many failures; Retry-After says when to try again' },
        503: { description: 'Overloaded or a backing service is down; Retry-After' },
      },
    },
  },
  '/oauth/revoke_token/': {
    post: {
      tags: ['oauth'],
      summary: 'Revocation (RFC 7009)',
      security: clientAuth,
      requestBody: form({ token: string('an access or refresh token'), token_type_hint: string('access_token or refresh_token') }, ['token']),
      responses: { 200: { description: 'Revoked, or the token was unknown' }, 400: oauthError, 401: oauthError },
    },
  },
  '/oauth/introspect/': {
    post: {
      tags: ['oauth'],
      summary: 'Introspection (RFC 7662): whether a token is active, and its claims',
      security: [{ clientBasic: [] }, { bearer: [] }],
      requestBody: form({ token: string('the token to inspect'), token_type_hint: string('access_token or refresh_token') }, ['token']),
      responses: { 200: { description: '`{"active": true, "scope", "client_id", "username", "exp", ...}` or `{"active": false}`' }, 401: oauthError },
    },
  },
  '/accounts/login/': {
    post: {
      tags: ['accounts'],
      summary: 'Sign in (the sign-in page\u2019s form); the session cookie is set',
      requestBody: form(
        {
          username: string('username or e-mail address'),
          password: string('password', { format: 'password' }),
          _csrf: string('the page\u2019s CSRF token'),
          next: string('same-origin path to go to'),
        },
        ['username', 'password', '_csrf'],
      ),
      responses: {
        303: { description: 'Signed in: to `next` or the profile' },
        401: { description: 'Wrong username or password' },
        403: { description: 'CSRF token missing or expired' },
        429: { description: 'Too many failed sign-ins; Retry-After' },
        503: { description: 'Overloaded; Retry-After' },
      },
    },
  },
  '/accounts/profile/': {
    get: {
      tags: ['accounts'],
      summary: 'The signed-in user (JSON with `Accept: application/json`)',
      security: [{ session: [] }],
      responses: { 200: { description: '`{"id", "username", "email", "email_verified"}`' }, 401: { description: 'Not signed in' } },
    },
  },
};

export const CLIENT_BASIC_SCHEME = { type: 'http', scheme: 'basic', description: 'client_id:client_secret (client_secret_basic)' } as const;
