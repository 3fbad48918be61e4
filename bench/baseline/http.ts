/* The baseline's bare node:http helpers: OAuth errors, form bodies, JSON answers, hashing. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.error));
  }
}

export const oauthError = (status: number, error: string, headers: Record<string, string> = {}) => new HttpError(status, { error }, headers);

export const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
export const safeEqual = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 65536) reject(oauthError(413, 'invalid_request'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function form(req: IncomingMessage): Promise<Record<string, string>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) throw oauthError(400, 'invalid_request');
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(await readBody(req))) {
    if (k in out) throw oauthError(400, 'invalid_request');
    if (v !== '') out[k] = v;
  }
  return out;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(data),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(data);
}
