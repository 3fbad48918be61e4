/*
 * Seeds what the sender-constrained bench needs, through the product's own services, beside
 * bench/seed.ts's fixtures: an application registered for tls_client_auth with certificate-
 * bound tokens, and a DPoP-bound access token of the bench user (its key written out).
 * Usage: node dist/bench/sender-seed.js <fixtures.json> <out.json>
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { AppModule } from '../src/app.module';
import { ApplicationsService } from '../src/applications/applications.service';
import { TokenIssuer } from '../src/tokens/token-issuer.service';
import type { Fixtures } from './seed';

export interface SenderFixtures {
  tlsClientId: string;
  dpopAccessToken: string;
  /** The DPoP key (private JWK) the token is bound to. */
  dpopKey: Record<string, unknown>;
}

export const BENCH_CLIENT_SUBJECT = 'CN=bench-client';

async function main(fixturesFile: string, out: string): Promise<void> {
  const f = JSON.parse(readFileSync(fixturesFile, 'utf8')) as Fixtures;
  const ctx = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    const apps = ctx.get(ApplicationsService);
    const { application: tlsApp } = await apps.create(f.userId, {
      name: 'bench mTLS client',
      clientType: 'confidential',
      grantTypes: ['client_credentials'],
      redirectUris: [],
      scopes: ['read'],
      tokenEndpointAuthMethod: 'tls_client_auth',
      tlsSubject: { subject_dn: BENCH_CLIENT_SUBJECT },
      tlsBoundTokens: true,
    });
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const dpopKey = (await exportJWK(privateKey)) as Record<string, unknown>;
    const { d: _d, ...publicJwk } = dpopKey;
    const app = await apps.getOwned(f.userId, f.appId);
    const { response } = await ctx.get(TokenIssuer).issue({
      app,
      userId: f.userId,
      scopes: f.scopes.split(' '),
      familyId: randomUUID(),
      withRefreshToken: false,
      cnf: { jkt: await calculateJwkThumbprint(publicJwk) },
    });
    const out_: SenderFixtures = { tlsClientId: tlsApp.clientId, dpopAccessToken: response.access_token, dpopKey };
    writeFileSync(out, JSON.stringify(out_, null, 2));
  } finally {
    await ctx.close();
  }
}

if (require.main === module) {
  main(process.argv[2], process.argv[3]).catch((e: unknown) => {
    process.stderr.write(`sender seed failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
