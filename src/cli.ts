/*
 * Operator commands: `npm run cli -- --help` lists them with their options (USAGE below).
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
import { SigningKeysService } from './tokens/keys/signing-keys.service';
import { HousekeepingService } from './housekeeping/housekeeping.service';
import { cliMessage } from './common/errors/cli-message';
import { GRANTS } from './oauth/grants/registry';

/** `--name value` options by name; `_`: the one positional argument of the commands that take one. */
type Args = Record<string, string[]>;

/** The commands that take a positional argument, and its name in messages. */
const POSITIONAL: Record<string, string> = { 'app:resource-server': 'CLIENT_ID', 'keys:retire': 'KID', 'user:set-staff': 'USERNAME' };

function parseArgs(argv: string[], positional?: string): Args {
  const out: Args = {};
  let optionsEnd = false;
  for (let i = 0; i < argv.length; i++) {
    // `--` ends the options: what follows is positional even when it begins with dashes.
    if (argv[i] === '--' && !optionsEnd) {
      optionsEnd = true;
      continue;
    }
    if (optionsEnd || !argv[i].startsWith('--')) {
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

const COMMANDS = {
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
} satisfies Record<string, (ctx: INestApplicationContext, args: Args) => Promise<unknown>>;

type Command = keyof typeof COMMANDS;

/** Every command's options; a command without its line here does not compile. */
const USAGE: Record<Command, string> = {
  'user:create': `--username NAME --email ADDRESS --password PASSWORD [--staff]
      a verified user (--staff: a staff member)`,
  'app:create': `--owner USERNAME --name NAME [--type confidential|public] [--grant TYPE ...]
      [--redirect-uri URI ...] [--scope "read write ..."] [--auth-method client_secret_basic|client_secret_post|none]
      [--skip-consent] [--post-logout-redirect-uri URI ...]
      an application (grant default authorization_code, scope default read); prints the client secret once.
      grant types: ${GRANTS.map((g) => g.descriptor.type).join(', ')}
      (password and implicit only while ALLOW_PASSWORD_GRANT / ALLOW_IMPLICIT_GRANT are on)`,
  'user:set-staff': `USERNAME [--off]
      makes the user staff (the operator console at /admin), or no longer (--off)`,
  'app:resource-server': `CLIENT_ID [--off]
      staff only: the application introspects every token with its own credentials (--off: no longer);
      an id that begins with -- goes after a lone --: app:resource-server [--off] -- CLIENT_ID`,
  'keys:list': `(no options)
      the signing keys, when each signs, and which one signs now`,
  'keys:rotate': `[--activate-in SECONDS]
      a new signing key, published at once, signing from now plus SECONDS
      (default: two SIGNING_KEYS_RELOAD_SECONDS intervals + 10 s); prints both times`,
  'keys:retire': `KID [--force]
      removes a key once the tokens it signed have expired (--force: even before)`,
  'tokens:cleanup': `(no options)
      deletes expired codes, tokens, sessions, reset and confirmation links now`,
};

function help(): string {
  const lines = (Object.keys(USAGE) as Command[]).map((name) => `  ${name} ${USAGE[name]}`);
  return `usage: npm run cli -- <command> [--options]\n\ncommands:\n${lines.join('\n\n')}\n\n  --help  this list\n`;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help' || rest.includes('--help')) {
    process.stdout.write(help());
    return;
  }
  const run = COMMANDS[command as Command] as (typeof COMMANDS)[Command] | undefined;
  if (!run) {
    process.stderr.write(`unknown command: ${command}\n\n${help()}`);
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
