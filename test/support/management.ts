import type { TestApp } from './app';
import { HttpClient, HttpResult, readResponse } from './http-client';
import { seedUser, signedInClient, SeededUser } from './accounts';
import { basic, PASSWORD, postForm } from './oauth';

/** A signed-in user whose JSON calls carry the page's CSRF token, as a browser script would. */
export interface ApiUser extends SeededUser {
  client: HttpClient;
  csrf: string;
  call(method: string, path: string, json?: unknown): Promise<HttpResult>;
}

export async function apiUser(t: TestApp, prefix = 'dev'): Promise<ApiUser> {
  const user = await seedUser(t, prefix);
  const client = await signedInClient(t, user);
  const csrf = await client.csrfToken('/oauth/applications/');
  const call = (method: string, path: string, json?: unknown) =>
    client.request(method, path, { json, headers: { accept: 'application/json', 'x-csrf-token': csrf } });
  return { ...user, client, csrf, call };
}

export const validApp = (overrides: Record<string, unknown> = {}) => ({
  client_name: 'Photo printer',
  redirect_uris: ['https://printer.example.com/callback', 'http://127.0.0.1:8123/cb'],
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
  scope: 'read profile',
  token_endpoint_auth_method: 'client_secret_basic',
  ...overrides,
});

/** A user's access (and refresh) token through the real token endpoint: the password grant. */
export async function passwordToken(t: TestApp, app: { clientId: string; clientSecret?: string }, username: string, scope: string) {
  const res = await postForm(
    t,
    '/oauth/token/',
    { grant_type: 'password', username, password: PASSWORD, scope },
    { authorization: basic(app.clientId, app.clientSecret!) },
  );
  if (res.status !== 200) throw new Error(`password grant failed: ${res.status} ${res.text}`);
  return res.json as { access_token: string; refresh_token?: string; scope: string };
}

/** GET a resource with a Bearer token, as a client library would. */
export async function bearerGet(baseUrl: string, path: string, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(baseUrl + path, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  return readResponse(res);
}
