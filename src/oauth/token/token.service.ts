import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { TokenResponse } from '../../tokens/token-issuer.service';
import { ClientAuthService } from '../client-auth/client-auth.service';
import { UnauthorizedClientError, UnsupportedGrantTypeError } from '../../common/errors/oauth.error';
import { MetricsService } from '../../metrics/metrics.service';
import { GrantRegistry } from '../grants/registry';
import { readFormParams, required } from './form-params';
import { TokenBinding } from './token-binding';

/** The token endpoint (RFC 6749 §3.2): parameters, client authentication, then the grant. */
@Injectable()
export class TokenService {
  constructor(
    private readonly clientAuth: ClientAuthService,
    private readonly grants: GrantRegistry,
    private readonly metrics: MetricsService,
    private readonly binding: TokenBinding,
  ) {}

  async exchange(req: FastifyRequest): Promise<TokenResponse> {
    const params = readFormParams(req);
    const grant = this.grants.tokenGrant(required(params, 'grant_type'));
    if (!grant) throw new UnsupportedGrantTypeError('The grant type is not supported');
    const app = await this.clientAuth.authenticate(req, params, { allowPublic: true });
    if (!app.grantTypes.includes(grant.descriptor.type)) {
      throw new UnauthorizedClientError('The client is not registered for this grant type');
    }
    for (const name of grant.descriptor.requiredParams) required(params, name);
    const cnf = await this.binding.forTokenRequest(req, app);
    const response = await grant.handle({ app, params, ip: req.ip ?? '', cnf });
    this.metrics.tokenIssued(grant.descriptor.type);
    return response;
  }
}
