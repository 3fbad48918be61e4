import type { TestApp } from './app';
import { HttpClient, HttpResult } from './http-client';
import { seedUser, signedInClient, SeededUser } from './accounts';

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
