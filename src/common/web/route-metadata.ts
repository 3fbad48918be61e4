import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

type ByKey = Map<string, unknown>;
const cache = new WeakMap<object, WeakMap<object, ByKey>>();

/**
 * `reflector.getAllAndOverride(key, [handler, class])`, read once per route: decorator
 * metadata never changes after start, and the global guards ask for it on every request.
 */
export function routeMetadata<T>(reflector: Reflector, key: string, context: ExecutionContext): T | undefined {
  const cls = context.getClass();
  const handler = context.getHandler();
  let byHandler = cache.get(cls);
  if (!byHandler) cache.set(cls, (byHandler = new WeakMap()));
  let byKey = byHandler.get(handler);
  if (!byKey) byHandler.set(handler, (byKey = new Map()));
  if (!byKey.has(key)) byKey.set(key, reflector.getAllAndOverride<T>(key, [handler, cls]));
  return byKey.get(key) as T | undefined;
}
