import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server as HttpsServer, ServerOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { compile } from '@fastify/proxy-addr';
import type { FastifyRequest } from 'fastify';
import type { TlsConfig } from '../../config/configuration';

/** A client certificate presented on the connection or by a trusted proxy. */
export interface ClientCertificate {
  cert: X509Certificate;
  /** It chains to TLS_CLIENT_CA_FILE and is within its validity dates. */
  fromTrustedCa: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Memo of clientCertificate(): undefined = not yet read, null = none. */
    clientCertMemo?: ClientCertificate | null;
  }
}

/** The HTTPS options of the listener (CONTRACT §10): a client certificate is asked for, never required. */
export function httpsOptions(config: TlsConfig): ServerOptions | undefined {
  if (!config.certFile || !config.keyFile) return undefined;
  // rejectUnauthorized: false lets a self-signed certificate through to self_signed_tls_client_auth;
  // `socket.authorized` still says whether it chains to the CA list.
  return { ...secureContextFiles(config), requestCert: true, rejectUnauthorized: false };
}

function secureContextFiles(config: TlsConfig): Pick<ServerOptions, 'cert' | 'key' | 'ca'> {
  return {
    cert: readFileSync(config.certFile!),
    key: readFileSync(config.keyFile!),
    ca: config.clientCaFile ? readFileSync(config.clientCaFile) : undefined,
  };
}

/**
 * SIGHUP re-reads the certificate, key and CA files: a renewed certificate needs no restart.
 * New connections get it; a file that cannot be read keeps the old context. Returns the remover.
 */
export function reloadOnSighup(server: HttpsServer, config: TlsConfig, log: (message: string) => void): () => void {
  const reload = () => {
    try {
      server.setSecureContext(secureContextFiles(config));
      log('TLS certificate reloaded');
    } catch (err) {
      log(`TLS certificate not reloaded: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  process.on('SIGHUP', reload);
  return () => process.off('SIGHUP', reload);
}

/**
 * The request's client certificate: from the TLS connection, or, behind a TLS-terminating
 * proxy, from TLS_CLIENT_CERT_HEADER when the connection comes from a TRUST_PROXY address
 * (from anywhere else the header is ignored). Read once per request, only when asked.
 */
export class ClientCertificates {
  private readonly caCerts: X509Certificate[];
  private readonly trusted: ((address: string, hop: number) => boolean) | undefined;
  // A connection's certificate cannot change: read once per keep-alive connection.
  private readonly bySocket = new WeakMap<object, ClientCertificate | null>();

  constructor(
    private readonly config: TlsConfig,
    trustProxy: boolean | number | string,
  ) {
    this.caCerts = config.clientCaFile ? parsePemBundle(readFileSync(config.clientCaFile, 'utf8')) : [];
    this.trusted = proxyTrustCheck(trustProxy);
  }

  of(req: FastifyRequest): ClientCertificate | null {
    if (req.clientCertMemo === undefined) req.clientCertMemo = this.read(req);
    return req.clientCertMemo;
  }

  private read(req: FastifyRequest): ClientCertificate | null {
    const socket = req.raw.socket as Partial<TLSSocket>;
    if (this.config.clientCertHeader && this.trusted?.(socket.remoteAddress ?? '', 0)) {
      return this.fromHeader(req.headers[this.config.clientCertHeader]);
    }
    if (typeof socket.getPeerX509Certificate !== 'function') return null;
    let known = this.bySocket.get(socket);
    if (known === undefined) {
      const cert = socket.getPeerX509Certificate();
      // `authorized`: the TLS layer verified the chain to the CA list, dates included.
      known = cert ? { cert, fromTrustedCa: this.caCerts.length > 0 && socket.authorized === true } : null;
      this.bySocket.set(socket, known);
    }
    return known;
  }

  private fromHeader(value: string | string[] | undefined): ClientCertificate | null {
    if (typeof value !== 'string' || value === '' || value.length > 16_384) return null;
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(decodeURIComponent(value));
    } catch {
      return null;
    }
    return { cert, fromTrustedCa: this.caCerts.some((ca) => issuedBy(cert, ca)) && withinValidity(cert) };
  }
}

/** Fastify's own reading of TRUST_PROXY, for the one address that connected to us. */
function proxyTrustCheck(setting: boolean | number | string): ((address: string, hop: number) => boolean) | undefined {
  if (setting === false) return undefined;
  if (setting === true) return () => true;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return compile(setting.split(',').map((s) => s.trim()));
}

// A proxy hands over the leaf only: it must be issued directly by one of the listed CAs.
function issuedBy(cert: X509Certificate, ca: X509Certificate): boolean {
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

export function withinValidity(cert: X509Certificate, now = Date.now()): boolean {
  return Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo);
}

function parsePemBundle(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((block) => new X509Certificate(block));
}
