import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { loggedPath, requestLine } from './request-log';
import type { RoutePolicy } from './route-policy';

const request = (url: string, route?: string, policy: RoutePolicy = {}) =>
  ({ url, routePolicy: null, routeOptions: { url: route, config: policy } }) as unknown as FastifyRequest;

describe('loggedPath', () => {
  it('never shows the query string', () => {
    assert.equal(loggedPath(request('/accounts/login/?next=%2Fsecret', '/accounts/login')), '/accounts/login/');
  });

  it('shows a secretInPath route only up to its first parameter', () => {
    const token = 'a'.repeat(43);
    assert.equal(loggedPath(request(`/accounts/reset/MQ/${token}/`, '/accounts/reset/:uid/:token', { secretInPath: true })), '/accounts/reset/[redacted]');
    assert.equal(
      loggedPath(request(`/accounts/verify_email/${token}/`, '/accounts/verify_email/:token', { secretInPath: true })),
      '/accounts/verify_email/[redacted]',
    );
  });

  it('keeps the ids of other routes', () => {
    assert.equal(loggedPath(request('/oauth/applications/12/', '/oauth/applications/:pk')), '/oauth/applications/12/');
  });

  it('redacts anything shaped like a token in a path no route matched', () => {
    const token = 'Zx_9-'.repeat(9);
    assert.equal(loggedPath(request(`/accounts/reset/MQ/${token}/extra`)), '/accounts/reset/MQ/[redacted]/extra');
    assert.equal(loggedPath(request('/no/such/page')), '/no/such/page');
  });
});

describe('requestLine', () => {
  it('names the signed-in user and the client address, never the query string', () => {
    const req = {
      ...request('/accounts/profile/?x=secret', '/accounts/profile'),
      method: 'GET',
      ip: '203.0.113.9',
      user: { id: 42 },
    } as unknown as FastifyRequest;
    assert.deepEqual(requestLine(req, 7), { id: 7, method: 'GET', url: '/accounts/profile/', ip: '203.0.113.9', userId: 42 });
  });

  it('has no user id without a signed-in user', () => {
    const req = { ...request('/oauth/token/', '/oauth/token'), method: 'POST', ip: '127.0.0.1' } as unknown as FastifyRequest;
    assert.equal(requestLine(req, 1).userId, undefined);
  });
});
