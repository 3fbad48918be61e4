import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Application } from '../../applications/application.entity';
import { InvalidDpopProofError, InvalidRequestError, UseDpopNonceError } from '../../common/errors/oauth.error';
import { ClientCertificates } from '../../common/web/tls';
import { certificateThumbprint, Confirmation } from '../../tokens/confirmation';
import { DpopProofProblem, DpopVerifier } from '../../tokens/dpop/dpop-verifier.service';

/**
 * What the tokens of a token request are bound to: the DPoP key of a valid proof (RFC 9449
 * §5; required from an application registered with dpop_bound_access_tokens), and the client
 * certificate of an application registered with tls_client_certificate_bound_access_tokens
 * (RFC 8705 §3; public clients too, their certificate then authenticating nothing).
 */
@Injectable()
export class TokenBinding {
  constructor(
    private readonly certificates: ClientCertificates,
    private readonly dpop: DpopVerifier,
  ) {}

  async forTokenRequest(req: FastifyRequest, app: Application): Promise<Confirmation | undefined> {
    const cnf: Confirmation = {};
    if (req.headers.dpop !== undefined) cnf.jkt = await this.proofKey(req);
    else if (app.dpopBoundTokens) throw new InvalidDpopProofError('This client must send a DPoP proof');
    if (app.tlsBoundTokens) {
      const presented = this.certificates.of(req);
      if (!presented) throw new InvalidRequestError('This client binds its tokens to its TLS client certificate: present one');
      cnf['x5t#S256'] = certificateThumbprint(presented.cert);
    }
    return cnf['x5t#S256'] || cnf.jkt ? cnf : undefined;
  }

  /** RFC 9449 §5: a proof makes the tokens DPoP-bound (`cnf.jkt`, token_type DPoP). */
  private async proofKey(req: FastifyRequest): Promise<string> {
    try {
      return (await this.dpop.verify(req)).jkt;
    } catch (err) {
      if (!(err instanceof DpopProofProblem)) throw err;
      throw err.nonce ? new UseDpopNonceError(err.nonce) : new InvalidDpopProofError(err.message);
    }
  }
}
