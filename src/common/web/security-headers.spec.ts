import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import helmet from 'helmet';
import { installSecurityHeaders } from './security-headers';

describe('installSecurityHeaders', () => {
  it("sets helmet's headers, worked out once, on every answer", async () => {
    const fastify = Fastify();
    installSecurityHeaders(fastify, helmet({ frameguard: { action: 'deny' } }));
    fastify.get('/x', () => ({ ok: true }));
    const res = await fastify.inject({ method: 'GET', url: '/x' });
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    await fastify.close();
  });

  it('refuses a middleware whose headers depend on the request', () => {
    const fastify = Fastify();
    const perRequest = (req: { url?: string }, res: { setHeader(n: string, v: string): void }, next: () => void) => {
      res.setHeader('X-Path', req.url ?? '');
      next();
    };
    assert.throws(() => installSecurityHeaders(fastify, perRequest as never), /depend on the request/);
  });
});
