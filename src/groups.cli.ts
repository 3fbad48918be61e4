/*
 * Staff manage groups from the command line until the admin pages exist:
 *   npm run groups -- create staff
 *   npm run groups -- add staff alice       (remove staff alice)
 *   npm run groups -- list                  (delete staff)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GroupsService } from './accounts/groups.service';
import { AppModule } from './app.module';
import { cliMessage } from './common/errors/cli-message';

const USAGE = 'usage: npm run groups -- create <group> | delete <group> | add <group> <username> | remove <group> <username> | list\n';

async function run(service: GroupsService, [command, group, username]: string[]): Promise<string> {
  switch (command) {
    case 'create': {
      const g = await service.create(group ?? '');
      return `created group ${g.name} (id ${g.id})\n`;
    }
    case 'delete':
      await service.remove(group ?? '');
      return `deleted group ${group}\n`;
    case 'add':
      await service.addMember(group ?? '', username ?? '');
      return `${username} is a member of ${group}\n`;
    case 'remove':
      await service.removeMember(group ?? '', username ?? '');
      return `${username} is no longer a member of ${group}\n`;
    case 'list':
      return (await service.list()).map((g) => `${g.id}\t${g.name}\t${g.members.join(', ')}\n`).join('') || 'no groups\n';
    default:
      throw new Error(USAGE);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length === 0 || (['add', 'remove'].includes(args[0]) ? args.length < 3 : args[0] !== 'list' && args.length < 2)) {
    process.stderr.write(USAGE);
    process.exitCode = 2;
    return;
  }
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  try {
    process.stdout.write(await run(app.get(GroupsService), args));
  } catch (e) {
    process.stderr.write(`error: ${cliMessage(e)}\n`);
    process.exitCode = 1;
  } finally {
    await app.close();
  }
}

void main();
