/*
 * Operator commands (npm run cli -- <command> ...):
 *   user:create --username alice --email alice@example.com --password '...' [--staff]
 *   app:create --owner alice --name X --type confidential|public --grant authorization_code
 *              [--grant refresh_token ...] --redirect-uri https://... [--redirect-uri ...]
 *              --scope "read write" [--auth-method client_secret_post] [--skip-consent]
 *              [--post-logout-redirect-uri https://... ...]
 *   app:resource-server CLIENT_ID [--off]  lets the application introspect every token (or no longer)
 *   keys:list                               the signing keys, and which one signs now
 *   keys:rotate [--activate-in <seconds>]   a new signing key, published at once, signing from its
 *                                           activation (default: two reload intervals + 10 s)
 *   keys:retire KID [--force]               removes a key once its tokens have expired
 *   tokens:cleanup                          deletes expired codes, tokens and sessions
 * Output is JSON on stdout; the client secret is shown here once and never again.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { UsersService } from './accounts/users.service';
import { AppModule } from './app.module';
import type { ClientType, TokenEndpointAuthMethod } from './applications/application.entity';
import { ApplicationsService } from './applications/applications.service';
import { SigningKeysService } from './tokens/keys/signing-keys.service';
import { HousekeepingService } from './housekeeping/housekeeping.service';
import { cliMessage } from './common/errors/cli-message';

/** `--name value` options by name; `_`: the one positional argument of the commands that take one. */
type Args = Record<string, string[]>;

/** The commands that take a positional argument, and its name in messages. */
const POSITIONAL: Record<string, string> = { 'app:resource-server': 'CLIENT_ID', 'keys:retire': 'KID' };

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
  'keys:list': (ctx) => ctx.get(SigningKeysService).list(),
  'keys:rotate': async (ctx, a) => {
    const keys = ctx.get(SigningKeysService);
    const activateIn = Number(one(a, 'activate-in', String(keys.defaultActivationDelaySeconds())));
    if (!Number.isInteger(activateIn) || activateIn < 0) throw new Error('--activate-in takes a number of seconds');
    const { key, publishedEverywhereBy } = await keys.rotate(activateIn);
    return {
      kid: key.kid,
      alg: key.alg,
      published_everywhere_by: publishedEverywhereBy.toISOString(),
      activates_at: new Date(key.activeFrom).toISOString(),
    };
  },
  'keys:retire': (ctx, a) => {
    const kid = positionalOf(a, POSITIONAL['keys:retire']);
    return ctx.get(SigningKeysService).retire(kid, a.force !== undefined);
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
