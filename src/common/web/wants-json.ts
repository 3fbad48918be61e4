import type { Request } from 'express';

/** CONTRACT §2: JSON when the request asks for it, or for PUT/DELETE. */
export function wantsJson(req: Request): boolean {
  if (req.method === 'PUT' || req.method === 'DELETE' || req.method === 'PATCH') return true;
  const accept = req.headers.accept ?? '';
  if (!accept) return (req.headers['content-type'] ?? '').includes('application/json');
  return req.accepts(['html', 'json']) === 'json';
}
