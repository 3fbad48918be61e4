import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { metricsAccess } from './metrics-access';

const TOKEN = 'a-metrics-token-0123456789';
const req = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as FastifyRequest;

describe('metricsAccess', () => {
  it('lets a caller on this machine in, with or without a token configured', () => {
    assert.equal(metricsAccess(req('127.0.0.1'), undefined), 'allowed');
    assert.equal(metricsAccess(req('::1'), TOKEN), 'allowed');
    assert.equal(metricsAccess(req('::ffff:127.0.0.1'), undefined), 'allowed');
  });

  it('does not count a request relayed by a local proxy as local', () => {
    assert.equal(metricsAccess(req('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), undefined), 'hidden');
    assert.equal(metricsAccess(req('127.0.0.1', { forwarded: 'for=203.0.113.9' }), TOKEN), 'unauthorized');
  });

  it('hides the metrics from other addresses unless METRICS_TOKEN is set, then requires it as a Bearer token', () => {
    assert.equal(metricsAccess(req('10.0.0.5'), undefined), 'hidden');
    assert.equal(metricsAccess(req('10.0.0.5', { authorization: `Bearer ${TOKEN}` }), undefined), 'hidden');
    assert.equal(metricsAccess(req('10.0.0.5'), TOKEN), 'unauthorized');
    assert.equal(metricsAccess(req('10.0.0.5', { authorization: 'Bearer wrong' }), TOKEN), 'unauthorized');
    assert.equal(metricsAccess(req('10.0.0.5', { authorization: `Basic ${TOKEN}` }), TOKEN), 'unauthorized');
    assert.equal(metricsAccess(req('10.0.0.5', { authorization: `Bearer ${TOKEN}` }), TOKEN), 'allowed');
  });
});
