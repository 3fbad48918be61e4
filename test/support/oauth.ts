import { createHash, randomBytes } from 'node:crypto';
import { UsersService } from '../../src/accounts/users.service';
import { Application } from '../../src/applications/application.entity';
import type { ApplicationInput } from '../../src/applications/applications.service';
import { ApplicationsService } from '../../src/applications/applications.service';
import type { TestApp } from './app';
import { HttpClient, readResponse } from './http-client';

/** Helpers shared by the OAuth e2e specs: unique users and apps, so MariaDB runs can share a database. */
export const unique = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;
export const PASSWORD = 'correct horse battery staple';

export async function seedUser(t: TestApp, prefix = 'u'): Promise<{ id: number; username: string }> {
  const username = unique(prefix);
  const user = await t.get<UsersService>(UsersService).create({ username, email: `${username}@example.test`, password: PASSWORD, emailVerified: true });
  return { id: user.id, username };
}

export interface SeededApp {
  id: number;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
}

export async function seedApp(t: TestApp, ownerId: number, input: Partial<ApplicationInput> = {}): Promise<SeededApp> {
  const redirectUri = input.redirectUris?.[0] ?? 'https://client.example.com/cb';
  const { application, clientSecret } = await t.get<ApplicationsService>(ApplicationsService).create(ownerId, {
    name: unique('app'),
    clientType: 'confidential',
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    redirectUris: [redirectUri],
    scopes: ['read', 'write', 'profile'],
    ...input,
  });
  return { id: application.id, clientId: application.clientId, clientSecret, redirectUri };
}

/**
 * An application registered for grants the configuration has since turned off (the service
 * refuses to add them now): registered without them, then given them in its row.
 */
export async function seedAppFromBefore(t: TestApp, ownerId: number, grantTypes: string[], input: Partial<ApplicationInput> = {}): Promise<SeededApp> {
  const app = await seedApp(t, ownerId, { ...input, grantTypes: grantTypes.filter((g) => g !== 'implicit' && g !== 'password') });
  await t.dataSource.getRepository(Application).update({ id: app.id }, { grantTypes });
  return app;
}

export function basic(clientId: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64')}`;
}

export async function signIn(t: TestApp, username: string): Promise<HttpClient> {
  const c = new HttpClient(t.baseUrl);
  const res = await c.submit('/accounts/login/', { username, password: PASSWORD });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  return c;
}

/** POST a form to an OAuth endpoint, as a client library would. */
export async function postForm(t: TestApp, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(t.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return readResponse(res);
}

export function clientCredentials(t: TestApp, app: SeededApp, scope?: string) {
  return postForm(
    t,
    '/oauth/token/',
    { grant_type: 'client_credentials', ...(scope ? { scope } : {}) },
    { authorization: basic(app.clientId, app.clientSecret!) },
  );
}

export function authorizePath(params: Record<string, string>): string {
  return `/oauth/authorize/?${new URLSearchParams(params).toString()}`;
}

/** Parameters of a redirect's query (code flow) or fragment (implicit). */
export function redirectParams(location: string | null): Record<string, string> {
  if (!location) throw new Error('no Location header');
  const url = new URL(location);
  return Object.fromEntries(new URLSearchParams(url.hash ? url.hash.slice(1) : url.search));
}

/** Runs the browser side of the code flow (consent page, Allow) and returns the redirect's parameters. */
export async function authorize(c: HttpClient, params: Record<string, string>): Promise<{ location: string; params: Record<string, string> }> {
  const path = authorizePath(params);
  let res = await c.get(path);
  if (res.status === 200) res = await c.submit(path, { ...consentFields(res.text), decision: 'allow' }, '/oauth/authorize/');
  if (res.status !== 303) throw new Error(`authorize answered ${res.status}: ${res.text.slice(0, 200)}`);
  return { location: res.location!, params: redirectParams(res.location) };
}

/** The hidden fields of the consent form (the request's own parameters). */
export function consentFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    if (m[1] !== '_csrf')
      out[m[1]] = m[2]
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#x3D;/g, '=')
        .replace(/&#x27;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&#x60;/g, '`');
  }
  return out;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The code flow with S256 PKCE as a confidential client runs it: consent in `browser`, then the token request; the token endpoint's answer. */
export async function codeFlowTokens(t: TestApp, browser: HttpClient, app: SeededApp, scope = 'read') {
  const { verifier, challenge } = pkcePair();
  const { params } = await authorize(browser, {
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: app.redirectUri,
    scope,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return postForm(
    t,
    '/oauth/token/',
    { grant_type: 'authorization_code', code: params.code, redirect_uri: app.redirectUri, code_verifier: verifier },
    { authorization: basic(app.clientId, app.clientSecret!) },
  );
}
