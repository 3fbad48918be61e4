import type { FastifyRequest } from 'fastify';

/** JSON when the request asks for it, or for PUT/DELETE (docs/PROTOCOL.md §1). */
export function wantsJson(req: FastifyRequest): boolean {
  if (req.method === 'PUT' || req.method === 'DELETE' || req.method === 'PATCH') return true;
  const accept = req.headers.accept ?? '';
  if (!accept) return (req.headers['content-type'] ?? '').includes('application/json');
  return req.type(['html', 'json']) === 'json';
}
