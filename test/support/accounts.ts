import { randomBytes } from 'node:crypto';
import { UsersService } from '../../src/accounts/users.service';
import type { TestApp } from './app';
import { HttpClient } from './http-client';

/** A username no other test (or earlier run on the same MariaDB database) has used. */
export function uniqueName(prefix = 'user'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export interface SeededUser {
  id: number;
  username: string;
  email: string;
  password: string;
}

/** Creates a verified user directly through the product's service. */
export async function seedUser(t: TestApp, prefix = 'user'): Promise<SeededUser> {
  const username = uniqueName(prefix);
  const email = `${username}@example.test`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const user = await t.get<UsersService>(UsersService).create({ username, email, password, emailVerified: true });
  return { id: user.id, username, email, password };
}

/** A cookie client signed in as the user (through the real sign-in form). */
export async function signedInClient(t: TestApp, user: { username: string; password: string }): Promise<HttpClient> {
  const client = new HttpClient(t.baseUrl);
  const res = await client.submit('/accounts/login/', { username: user.username, password: user.password });
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}`);
  return client;
}
