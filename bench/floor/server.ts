/*
 * The floor under the product: the cheapest GET that answers a small JSON body, in node:http,
 * in NestJS on Express (the product's platform) and in NestJS on Fastify. No database, no
 * crypto, no middleware: what the HTTP stack alone costs per request on this machine.
 * `node dist/bench/floor/server.js http|nest-express|nest-fastify` (PORT from the environment).
 */
import 'reflect-metadata';
import { createServer } from 'node:http';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

export const FLOOR_STACKS = ['http', 'nest-express', 'nest-fastify'] as const;
export type FloorStack = (typeof FLOOR_STACKS)[number];

const answer = (pk: string) => ({ id: Number.parseInt(pk, 10), username: 'bench' });

@Controller()
class FloorController {
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Get('floor/:pk')
  floor(@Param('pk') pk: string) {
    return answer(pk);
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function main(): Promise<void> {
  const stack = process.argv[2] as FloorStack;
  const port = Number(process.env.PORT ?? 3950);
  if (stack === 'http') {
    createServer((req, res) => {
      const body = JSON.stringify(req.url === '/health' ? { status: 'ok' } : answer(req.url?.split('/')[2] ?? '0'));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }).listen(port, '127.0.0.1');
    return;
  }
  if (stack === 'nest-fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    const app = await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false });
    await app.listen(port, '127.0.0.1');
    return;
  }
  if (stack === 'nest-express') {
    const app = await NestFactory.create(FloorModule, { logger: false });
    await app.listen(port, '127.0.0.1');
    return;
  }
  throw new Error(`unknown stack ${stack} (one of ${FLOOR_STACKS.join(', ')})`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`floor server failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
