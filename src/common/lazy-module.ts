import { createRequire } from 'node:module';

const load = createRequire(__filename);

/**
 * A package loaded on first use rather than at start. Only for packages that are large in the
 * heap (their code and data stay there once loaded) and that most processes never need: the
 * password dictionaries, certificate parsing, the mail client, the Redis client. The first
 * call pays the load (synchronously); later calls get the same module. Type it with
 * `typeof import('package')`, which loads nothing.
 */
export function lazyModule<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= load(id) as T);
}
