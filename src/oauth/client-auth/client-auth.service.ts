import { MetricsService } from '../../metrics/metrics.service';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Application } from '../../applications/application.entity';
import { ApplicationsService } from '../../applications/applications.service';
import { AuditService } from '../../audit/audit.service';
import { FailureLimiter, RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { oauthConfig, OAuthConfig } from '../../config/configuration';
import { ClientAuthThrottledError, InvalidClientError } from '../../common/errors/oauth.error';
import type { OAuthParams } from '../token/form-params';
import { ClientCertificates } from '../../common/web/tls';
import { presentedCredentials, PresentedCredentials } from './presented-credentials';
import { certificateAuthenticates, TLS_AUTH_METHODS } from './tls-client-auth';

const WINDOW_SECONDS = 15 * 60;

/**
 * Client authentication for the token, revocation and introspection endpoints. A confidential
 * client proves itself with its secret (Basic or body) or its TLS client certificate; a public client only names itself and
 * is held to PKCE instead. Failures are counted per client id and address, successes never.
 */
@Injectable()
export class ClientAuthService {
  private readonly failures: FailureLimiter;

  constructor(
    private readonly apps: ApplicationsService,
    private readonly certificates: ClientCertificates,
    private readonly audit: AuditService,
    limits: RateLimitService,
    private readonly metrics: MetricsService,
    @Inject(oauthConfig.KEY) config: OAuthConfig,
  ) {
    this.failures = limits.limiter('client-auth', config.clientAuthMaxFailures, WINDOW_SECONDS);
  }

  async authenticate(req: FastifyRequest, params: OAuthParams, opts: { allowPublic: boolean }): Promise<Application> {
    const creds = presentedCredentials(req.headers.authorization, params);
    const key = `${creds.clientId}|${req.ip ?? ''}`;
    const wait = await this.failures.blockedFor(key);
    if (wait > 0) throw new ClientAuthThrottledError(wait);
    const app = await this.apps.findByClientId(creds.clientId);
    // A disabled application is refused like a wrong secret, on every instance: the row is read each time.
    if (app && !app.disabled && (await this.accepts(req, app, creds, opts.allowPublic))) return app;
    this.metrics.clientAuthFailed();
    await this.failures.fail(key);
    await this.audit.record(
      { ip: req.ip ?? null, userAgent: null },
      { type: 'client.auth.failed', clientId: creds.clientId.slice(0, 64), details: { method: creds.method, disabled: app?.disabled ?? false } },
    );
    throw new InvalidClientError('Client authentication failed');
  }

  private async accepts(req: FastifyRequest, app: Application, creds: PresentedCredentials, allowPublic: boolean): Promise<boolean> {
    if (app.clientType === 'public') return allowPublic && creds.method === 'none';
    // RFC 8705 §2: the client names itself (client_id) and its certificate proves it; no secret.
    if (TLS_AUTH_METHODS.includes(app.tokenEndpointAuthMethod)) return creds.method === 'none' && certificateAuthenticates(app, this.certificates.of(req));
    // Either secret method is accepted from a confidential client; "none" never is.
    return creds.secret !== undefined && this.apps.verifySecret(app, creds.secret);
  }
}
