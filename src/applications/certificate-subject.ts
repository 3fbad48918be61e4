import 'reflect-metadata';
import { createPublicKey, type JsonWebKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { X509Certificate as ParsedCertificate } from '@peculiar/x509';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { lazyModule } from '../common/lazy-module';
import type { TlsSubjectField } from './application.entity';

// Loaded when a distinguished name or a client certificate is first parsed, not at start:
// with its ASN.1 dependencies it is ~2.5 MB of heap that a server without TLS clients never uses.
const x509 = lazyModule<typeof import('@peculiar/x509')>('@peculiar/x509');

/** RFC 8705 §2.1.2 metadata names, in the order the form shows them. */
export const TLS_SUBJECT_FIELDS: readonly TlsSubjectField[] = ['subject_dn', 'san_dns', 'san_uri', 'san_ip', 'san_email'];
export const tlsMetadataName = (field: TlsSubjectField) => `tls_client_auth_${field}`;

type Rdns = Array<Record<string, string[]>>;

// RFC 4518-like: case, surrounding and repeated spaces do not make a DN different.
const norm = (v: string) => v.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
const rdnKey = (rdn: Record<string, string[]>) =>
  Object.entries(rdn)
    .flatMap(([type, values]) => values.map((v) => `${type.toUpperCase()}=${norm(v)}`))
    .sort()
    .join('+');

/** An RFC 4514 string as its RDNs, most significant first (the certificate's order); null if it does not parse. */
export function parseDn(dn: string): Rdns | null {
  if (dn.length > 1000 || dn.trim() === '') return null;
  let rdns: Rdns;
  try {
    // Attribute type names are case-insensitive (RFC 4514 §3); the parser knows them upper-case.
    rdns = new (x509().Name)(
      dn.replace(
        /(^|[^\\][,+])(\s*)([A-Za-z][A-Za-z0-9-]*)(\s*=)/g,
        (_m, sep: string, sp: string, type: string, eq: string) => sep + sp + type.toUpperCase() + eq,
      ),
    ).toJSON();
  } catch {
    return null;
  }
  const complete = rdns.length > 0 && rdns.every((rdn) => Object.entries(rdn).every(([type, values]) => type && values.every((v) => v.trim() !== '')));
  // RFC 4514 §2.1 writes the last RDN first.
  return complete ? rdns.reverse() : null;
}

const IP_SEPARATORS = /[:.]/;
const canonicalIp = (ip: string) => (ip.includes(':') ? new URL(`http://[${ip}]`).hostname.slice(1, -1) : ip);

/** A translation key naming what is wrong with a registered subject value, or undefined. */
export function tlsSubjectProblem(field: TlsSubjectField, value: string): string | undefined {
  const ok =
    field === 'subject_dn'
      ? parseDn(value) !== null
      : field === 'san_ip'
        ? isIP(value) !== 0 && IP_SEPARATORS.test(value)
        : field === 'san_uri'
          ? URL.canParse(value)
          : field === 'san_email'
            ? /^[^\s@]+@[^\s@]+$/.test(value)
            : /^[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(value);
  return ok && value.length <= 1000 ? undefined : `applications.errors.tlsSubject.${field}`;
}

// Parsed once per certificate object (the client certificates memoize theirs per connection).
const parsedCertificates = new WeakMap<X509Certificate, ParsedCertificate>();
function parse(cert: X509Certificate): ParsedCertificate {
  let parsed = parsedCertificates.get(cert);
  if (!parsed) parsedCertificates.set(cert, (parsed = new (x509().X509Certificate)(cert.raw)));
  return parsed;
}

/** Does the certificate carry the registered field (RFC 8705 §2.1.2)? */
export function certificateHasSubject(cert: X509Certificate, field: TlsSubjectField, expected: string): boolean {
  const parsed = parse(cert);
  if (field === 'subject_dn') {
    const want = parseDn(expected);
    const have = parsed.subjectName.toJSON();
    return want !== null && want.length === have.length && want.every((rdn, i) => rdnKey(rdn) === rdnKey(have[i]));
  }
  const type = { san_dns: 'dns', san_uri: 'url', san_ip: 'ip', san_email: 'email' }[field];
  const names = parsed.getExtension(x509().SubjectAlternativeNameExtension)?.names.toJSON() ?? [];
  const same = (value: string) =>
    field === 'san_uri'
      ? value === expected
      : field === 'san_ip'
        ? canonicalIp(value) === canonicalIp(expected)
        : value.toLowerCase() === expected.toLowerCase();
  return names.some((n) => n.type === type && same(n.value));
}

/** RFC 7638 thumbprint of a public key (jose), the common form of a JWK and a certificate's key. */
const thumbprint = (key: KeyObject) => calculateJwkThumbprint(key.export({ format: 'jwk' }) as JWK);

/** The registered JWK Set (RFC 7591 `jwks`) as thumbprints; null when it is not a set of public keys. */
export async function jwksThumbprints(jwks: unknown): Promise<string[] | null> {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 10) return null;
  try {
    return await Promise.all(
      keys.map((jwk: JsonWebKey) => {
        if (typeof jwk !== 'object' || jwk === null || 'd' in jwk) throw new Error('not a public key');
        return thumbprint(createPublicKey({ key: jwk, format: 'jwk' }));
      }),
    );
  } catch {
    return null;
  }
}

/** self_signed_tls_client_auth (RFC 8705 §2.2): the certificate's key is one of the registered ones. */
export async function certificateKeyRegistered(cert: X509Certificate, jwks: string): Promise<boolean> {
  const registered = await jwksThumbprints(JSON.parse(jwks));
  return registered !== null && registered.includes(await thumbprint(cert.publicKey));
}
