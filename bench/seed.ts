/*
 * The fixtures every scenario needs, made through the product's own services (a user, a
 * confidential application, a consent, a live access token), in a child process that has the
 * product's environment. Writes them as JSON to the path given as the first argument.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { UsersService } from '../src/accounts/users.service';
import { AppModule } from '../src/app.module';
import { ApplicationsService } from '../src/applications/applications.service';
import { NO_ACTOR } from '../src/audit/audit-context';
import { ConsentsService } from '../src/tokens/consents.service';
import { TokenIssuer } from '../src/tokens/token-issuer.service';

export interface Fixtures {
  username: string;
  password: string;
  userId: number;
  appId: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** A live user token with `profile email` (introspect, resource). */
  accessToken: string;
  scopes: string;
}

export const BENCH_PASSWORD = 'bench-password-Correct-Horse-9';

async function main(out: string): Promise<void> {
  const ctx = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const users = ctx.get(UsersService);
    const username = `bench-${randomUUID().slice(0, 8)}`;
    const user = await users.create({ username, email: `${username}@example.com`, password: BENCH_PASSWORD, emailVerified: true });
    const redirectUri = 'http://127.0.0.1:9/callback';
    const { application, clientSecret } = await ctx.get(ApplicationsService).create(user.id, {
      name: 'bench client',
      clientType: 'confidential',
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      redirectUris: [redirectUri],
      scopes: ['read', 'profile', 'email'],
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    const scopes = ['profile', 'email'];
    await ctx.get(ConsentsService).grant(user.id, application, scopes, NO_ACTOR);
    const { response } = await ctx.get(TokenIssuer).issue({ app: application, userId: user.id, scopes, familyId: randomUUID(), withRefreshToken: false });
    const fixtures: Fixtures = {
      username,
      password: BENCH_PASSWORD,
      userId: user.id,
      appId: application.id,
      clientId: application.clientId,
      clientSecret: clientSecret!,
      redirectUri,
      accessToken: response.access_token,
      scopes: scopes.join(' '),
    };
    writeFileSync(out, JSON.stringify(fixtures, null, 2));
  } finally {
    await ctx.close();
  }
}

if (require.main === module) {
  main(process.argv[2] ?? 'fixtures.json').catch((e: unknown) => {
    process.stderr.write(`seed failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
