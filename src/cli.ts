/*
 * Operator commands (npm run cli -- <command> ...):
 *   user:create --username alice --email alice@example.com --password '...' [--staff]
 *   app:create --owner alice --name X --type confidential|public --grant authorization_code
 *              [--grant refresh_token ...] --redirect-uri https://... [--redirect-uri ...]
 *              --scope "read write" [--auth-method client_secret_post] [--skip-consent]
 *              [--post-logout-redirect-uri https://... ...]
 *   user:set-staff USERNAME [--off]         makes the user staff (the operator console), or no longer
 *   app:resource-server CLIENT_ID [--off]  lets the application introspect every token (or no longer)
 *   keys:rotate [--activate-in <seconds>]   a new signing key; the old ones stay published
 *   tokens:cleanup                          deletes expired codes, tokens and sessions
 * Output is JSON on stdout; the client secret is shown here once and never again.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { UsersService } from './accounts/users.service';
import { UserDirectoryService } from './accounts/user-directory.service';
import { NO_ACTOR } from './audit/audit-context';
import { AppModule } from './app.module';
import type { ClientType, TokenEndpointAuthMethod } from './applications/application.entity';
import { ApplicationsService } from './applications/applications.service';
import { writeSigningKey } from './tokens/keys/signing-key-files';
import { HousekeepingService } from './housekeeping/housekeeping.service';
import { cliMessage } from './common/errors/cli-message';
import { oauthConfig, OAuthConfig } from './config/configuration';

/** `--name value` options by name; `_`: the one positional argument of the commands that take one. */
type Args = Record<string, string[]>;

/** The commands that take a positional argument, and its name in messages. */
const POSITIONAL: Record<string, string> = { 'app:resource-server': 'CLIENT_ID', 'user:set-staff': 'USERNAME' };

function parseArgs(argv: string[], positional?: string): Args {
  const out: Args = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) {
      if (!positional || out._) throw new Error(`unexpected argument: ${argv[i]}`);
      out._ = [argv[i]];
      continue;
    }
    const name = argv[i].slice(2);
    const value = argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
    (out[name] ??= []).push(value);
  }
  return out;
}

const one = (args: Args, name: string, fallback?: string): string => {
  const v = args[name]?.[0] ?? fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
};

const positionalOf = (args: Args, name: string): string => {
  if (!args._) throw new Error(`${name} is required`);
  return args._[0];
};

const COMMANDS: Record<string, (ctx: INestApplicationContext, args: Args) => Promise<unknown>> = {
  'user:create': async (ctx, a) => {
    const user = await ctx.get(UsersService).create({
      username: one(a, 'username'),
      email: one(a, 'email'),
      password: one(a, 'password'),
      emailVerified: true,
      isStaff: a.staff !== undefined,
    });
    return { id: user.id, username: user.username };
  },
  'user:set-staff': async (ctx, a) => {
    const user = await ctx.get(UsersService).findByUsername(positionalOf(a, POSITIONAL['user:set-staff']));
    if (!user) throw new Error('no such user');
    const view = await ctx.get(UserDirectoryService).update(user.id, { isStaff: a.off === undefined }, NO_ACTOR);
    return { id: view.id, username: view.username, is_staff: view.is_staff };
  },
  'app:create': async (ctx, a) => {
    const owner = await ctx.get(UsersService).findByUsername(one(a, 'owner'));
    if (!owner) throw new Error('no such owner');
    const { application, clientSecret } = await ctx.get(ApplicationsService).create(owner.id, {
      name: one(a, 'name'),
      clientType: one(a, 'type', 'confidential') as ClientType,
      grantTypes: a.grant ?? ['authorization_code'],
      redirectUris: a['redirect-uri'] ?? [],
      postLogoutRedirectUris: a['post-logout-redirect-uri'] ?? [],
      scopes: one(a, 'scope', 'read').split(' ').filter(Boolean),
      tokenEndpointAuthMethod: a['auth-method']?.[0] as TokenEndpointAuthMethod | undefined,
      skipConsent: a['skip-consent'] !== undefined,
    });
    return { id: application.id, client_id: application.clientId, client_secret: clientSecret };
  },
  'app:resource-server': async (ctx, a) => {
    const apps = ctx.get(ApplicationsService);
    const found = await apps.findByClientId(positionalOf(a, POSITIONAL['app:resource-server']));
    if (!found) throw new Error('no such application');
    const app = await apps.setResourceServer(found.id, a.off === undefined);
    return { client_id: app.clientId, resource_server: app.resourceServer };
  },
  'keys:rotate': async (ctx, a) => {
    const config = ctx.get<OAuthConfig>(oauthConfig.KEY);
    const activateIn = Number(one(a, 'activate-in', '0'));
    if (!Number.isInteger(activateIn) || activateIn < 0) throw new Error('--activate-in takes a number of seconds');
    const key = writeSigningKey(config.signingKeysDir, config.jwtAlgorithm, Date.now() + activateIn * 1000);
    return { kid: key.kid, alg: key.alg, active_from: new Date(key.activeFrom).toISOString(), dir: config.signingKeysDir };
  },
  'tokens:cleanup': (ctx) => ctx.get(HousekeepingService).cleanup(),
};

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const run = COMMANDS[command ?? ''];
  if (!run) {
    process.stderr.write(`usage: npm run cli -- ${Object.keys(COMMANDS).join(' | ')} [--options]\n`);
    process.exitCode = 2;
    return;
  }
  const ctx = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    process.stdout.write(`${JSON.stringify(await run(ctx, parseArgs(rest, POSITIONAL[command])), null, 2)}\n`);
  } catch (e) {
    process.stderr.write(`error: ${cliMessage(e)}\n`);
    process.exitCode = 1;
  } finally {
    await ctx.close();
  }
}

void main();
