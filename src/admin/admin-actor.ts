import type { FastifyRequest } from 'fastify';
import { auditActor, AuditActor } from '../audit/audit-context';

/** The staff member acting, for the audit log and the self-protection rules (no self-demotion). */
export function staffActor(req: FastifyRequest): Required<AuditActor> {
  return { ...auditActor(req), staffId: req.user!.id };
}
