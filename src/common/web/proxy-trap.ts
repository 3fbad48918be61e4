import { Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

const logger = new Logger('TrustProxy');
let warned = false;

const ADVICE =
  'ISSUER is https but requests reach this server over http through a proxy while TRUST_PROXY is not set: ' +
  'secure session cookies are not kept and every form fails. Set TRUST_PROXY to the address of the proxy ' +
  '(or its hop count) so that X-Forwarded-Proto is believed.';

/** At start: an https issuer is served by a TLS-terminating proxy (this server speaks plain http), which must be trusted. */
export function warnIfProxyUntrusted(issuer: string, trustProxy: unknown): void {
  if (issuer.startsWith('https://') && trustProxy === false) logger.warn(ADVICE);
}

/**
 * The trap seen on a request: it came over http while the issuer is https, with a proxy's
 * X-Forwarded-Proto that Fastify did not believe. Logged the first time it is seen.
 */
export function untrustedTlsProxy(req: FastifyRequest, issuer: string): boolean {
  if (!issuer.startsWith('https://') || req.protocol !== 'http' || req.headers['x-forwarded-proto'] === undefined) return false;
  if (!warned) logger.warn(ADVICE);
  warned = true;
  return true;
}
