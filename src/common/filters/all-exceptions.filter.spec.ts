import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ArgumentsHost } from '@nestjs/common';
import { FormError } from '../errors/form.error';
import { AllExceptionsFilter } from './all-exceptions.filter';

/** A JSON request and a reply that records what the filter wrote. */
function host() {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const reply = {
    sent: false,
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const req = {
    method: 'POST',
    url: '/x',
    lang: 'en',
    headers: { accept: 'application/json' },
    type: () => 'json',
    routePolicy: null,
    routeOptions: { url: '/x', config: {} },
  };
  const h = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => reply }) } as unknown as ArgumentsHost;
  return { h, sent };
}

describe('AllExceptionsFilter', () => {
  it('a throttled form error keeps its Retry-After and the status its code maps to', () => {
    const { h, sent } = host();
    new AllExceptionsFilter().catch(FormError.rateLimited('errors.rateLimited', 90), h);
    assert.equal(sent.status, 429);
    assert.equal(sent.headers['retry-after'], '90');
    assert.match(String((sent.body as { message: string }).message), /2/, 'the message names the minutes');
  });

  it('maps each code to its status', () => {
    for (const [code, status] of [
      ['invalid', 400],
      ['unauthorized', 401],
      ['csrf_failed', 403],
      ['conflict', 409],
      ['unavailable', 503],
    ] as const) {
      const { h, sent } = host();
      new AllExceptionsFilter().catch(FormError.form('errors.http.400', code), h);
      assert.equal(sent.status, status, code);
      // A 503 says when to come back; nothing else does without a throttle's own wait.
      assert.equal(sent.headers['retry-after'], status === 503 ? '5' : undefined, code);
    }
  });

  it('an unexpected error is a 500 that says nothing of it', () => {
    const { h, sent } = host();
    new AllExceptionsFilter().catch(new Error('connect ECONNREFUSED 127.0.0.1:3306'), h);
    assert.equal(sent.status, 500);
    assert.doesNotMatch(JSON.stringify(sent.body), /ECONNREFUSED|3306/);
  });
});
