import type { FastifyRequest } from 'fastify';

/** Who did it and from where: the address follows TRUST_PROXY (req.ip), the agent is cut short. */
export interface AuditActor {
  ip: string | null;
  userAgent: string | null;
  /** A staff member acting on someone else's behalf (the console): recorded as `details.by`. */
  staffId?: number;
}

const MAX_AGENT = 255;

export function auditActor(req: FastifyRequest): AuditActor {
  const agent = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof agent === 'string' && agent ? agent.slice(0, MAX_AGENT) : null };
}

/** For events with no request behind them (the CLI, the cleanup job). */
export const NO_ACTOR: AuditActor = { ip: null, userAgent: null };
