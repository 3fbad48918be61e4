import type { FastifyRequest } from 'fastify';
import { safeEqual } from '../common/crypto/tokens';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Who may read /metrics: with METRICS_TOKEN set, a caller sending it as a Bearer token;
 * always a caller on this machine that came straight to the socket (no proxy header: a local
 * reverse proxy would otherwise make every visitor look local).
 */
export function metricsAccess(req: FastifyRequest, token: string | undefined): 'allowed' | 'unauthorized' | 'hidden' {
  const direct = LOOPBACK.test(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
  if (direct) return 'allowed';
  if (!token) return 'hidden';
  const presented = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return presented !== undefined && safeEqual(presented, token) ? 'allowed' : 'unauthorized';
}
