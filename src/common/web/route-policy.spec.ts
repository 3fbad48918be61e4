import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { RouteConfig } from '@nestjs/platform-fastify';
import { Policy } from './route-policy';

describe('Policy decorator', () => {
  @Policy({ sessionless: true, cors: true })
  class Controller {
    @Policy({ cors: false })
    narrowed(): void {}

    @Policy({ quietLog: true })
    @RouteConfig({ other: 1 })
    stacked(): void {}

    plain(): void {}
  }
  const config = (name: keyof Controller) => Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, Controller.prototype[name]) as Record<string, unknown>;

  it("on a controller, applies to every handler; a handler's own declaration wins", () => {
    assert.deepEqual(config('plain'), { sessionless: true, cors: true });
    assert.deepEqual(config('narrowed'), { sessionless: true, cors: false });
  });

  it('stacks with other route config instead of replacing it', () => {
    assert.deepEqual(config('stacked'), { sessionless: true, cors: true, quietLog: true, other: 1 });
  });
});
