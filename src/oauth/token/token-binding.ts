import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Application } from '../../applications/application.entity';
import { InvalidRequestError } from '../../common/errors/oauth.error';
import { ClientCertificates } from '../../common/web/tls';
import { certificateThumbprint, Confirmation } from '../../tokens/confirmation';

/**
 * What the tokens of a token request are bound to: the client certificate of an application
 * registered with tls_client_certificate_bound_access_tokens (RFC 8705 §3; public clients
 * too, their certificate then authenticating nothing).
 */
@Injectable()
export class TokenBinding {
  constructor(private readonly certificates: ClientCertificates) {}

  async forTokenRequest(req: FastifyRequest, app: Application): Promise<Confirmation | undefined> {
    const cnf: Confirmation = {};
    if (app.tlsBoundTokens) {
      const presented = this.certificates.of(req);
      if (!presented) throw new InvalidRequestError('This client binds its tokens to its TLS client certificate: present one');
      cnf['x5t#S256'] = certificateThumbprint(presented.cert);
    }
    return cnf['x5t#S256'] || cnf.jkt ? cnf : undefined;
  }
}
