import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

/** A PEM certificate and its key, as files (for the server and Python) and as text (for node). */
export interface CertFiles {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });

function files(dir: string, name: string): CertFiles {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}-key.pem`);
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

/** A test CA made with openssl, as the README's local setup does. */
export function makeCa(dir: string, name = 'ca'): CertFiles {
  mkdirSync(dir, { recursive: true });
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}-key.pem`,
      '-out',
      `${name}.pem`,
    ],
    dir,
  );
  return files(dir, name);
}

/**
 * A certificate issued by `ca` (or self-signed without one) for `subject` (`/CN=…/O=…`), with
 * optional subjectAltName entries (`DNS:client.example`). `expired` dates it in the past.
 */
export function makeCert(dir: string, name: string, opts: { subject: string; ca?: CertFiles; san?: string[]; expired?: boolean }): CertFiles {
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `basicConstraints=CA:FALSE\n${opts.san?.length ? `subjectAltName=${opts.san.join(',')}\n` : ''}`);
  openssl(
    ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', opts.subject, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`],
    dir,
  );
  // OpenSSL 3.0 has no -not_after: a negative -days ends the validity before it starts.
  const dates = ['-days', opts.expired ? '-1' : '2'];
  const signer = opts.ca ? ['-CA', opts.ca.certFile, '-CAkey', opts.ca.keyFile] : ['-key', `${name}-key.pem`];
  openssl(['x509', '-req', '-in', `${name}.csr`, ...signer, ...dates, '-extfile', ext, '-out', `${name}.pem`], dir);
  return files(dir, name);
}

/** RFC 8705 §3.1: base64url SHA-256 of the DER certificate. */
export function x5tS256(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');
}

export interface TlsResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = any>(): T;
}

/** One HTTPS request trusting `ca`, presenting `client` when given. */
export function httpsRequest(
  url: string,
  opts: { ca: string; client?: CertFiles; method?: string; headers?: Record<string, string>; form?: Record<string, string> },
): Promise<TlsResult> {
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  const headers = { ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: opts.method ?? (body ? 'POST' : 'GET'), headers, ca: opts.ca, cert: opts.client?.cert, key: opts.client?.key },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
