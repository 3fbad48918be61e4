import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { randomToken, safeEqual, sha256Hex } from '../common/crypto/tokens';
import { findOneWhere } from '../database/direct-rows';
import { FormError } from '../common/errors/form.error';
import { oauthConfig, OAuthConfig } from '../config/configuration';
import { Application, ClientType, TokenEndpointAuthMethod } from './application.entity';
import { GrantCatalog } from './grant-catalog';
import { clientShapeProblems, redirectUriProblem, SCOPES } from './application-rules';

export interface ApplicationInput {
  name: string;
  clientType: ClientType;
  grantTypes: string[];
  redirectUris: string[];
  /** OIDC RP-Initiated Logout: where /oauth/logout/ may send the user afterwards. */
  postLogoutRedirectUris?: string[];
  scopes: string[];
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  skipConsent?: boolean;
  /** Seconds; null or absent: the server default. */
  accessTokenTtl?: number | null;
  refreshTokenTtl?: number | null;
}

/** The lifetimes an application may choose (seconds): the configuration's minimum, default and maximum. */
export interface TokenLifetimeLimits {
  access: { min: number; default: number; max: number };
  refresh: { min: number; default: number; max: number };
}

/** An application as its owner sees it (RFC 7591 client metadata names); never the secret hash. */
export interface ApplicationView {
  id: number;
  client_id: string;
  client_name: string;
  client_type: ClientType;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  grant_types: string[];
  scope: string;
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  skip_consent: boolean;
  /** Read-only here: staff mark resource servers (setResourceServer). */
  resource_server: boolean;
  access_token_ttl: number | null;
  refresh_token_ttl: number | null;
  created_at: string;
  updated_at: string;
}

const uriSet = (uris: string[]) => [...new Set(uris.map((u) => u.trim()).filter(Boolean))];

export function toApplicationView(app: Application): ApplicationView {
  return {
    id: app.id,
    client_id: app.clientId,
    client_name: app.name,
    client_type: app.clientType,
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    grant_types: app.grantTypes,
    scope: app.scopes.join(' '),
    token_endpoint_auth_method: app.tokenEndpointAuthMethod,
    skip_consent: app.skipConsent,
    resource_server: app.resourceServer,
    access_token_ttl: app.accessTokenTtl,
    refresh_token_ttl: app.refreshTokenTtl,
    created_at: app.createdAt.toISOString(),
    updated_at: app.updatedAt.toISOString(),
  };
}

/** The client registry. Management methods take the owner's id: another user's row is a 404. */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectRepository(Application) private readonly apps: Repository<Application>,
    private readonly grants: GrantCatalog,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
  ) {}

  tokenLifetimeLimits(): TokenLifetimeLimits {
    const c = this.config;
    return {
      access: { min: 60, default: c.accessTokenTtlSeconds, max: c.accessTokenTtlMaxSeconds },
      refresh: { min: 300, default: c.refreshTokenTtlSeconds, max: c.refreshTokenTtlMaxSeconds },
    };
  }

  /** Registers a client; the secret (confidential clients) is returned here and never again. */
  async create(ownerId: number, input: ApplicationInput): Promise<{ application: Application; clientSecret?: string }> {
    const normalized = this.checked(input);
    const clientSecret = normalized.clientType === 'confidential' ? randomToken(32) : undefined;
    const application = await this.apps.save(
      this.apps.create({
        ...normalized,
        ownerId,
        clientId: randomToken(24),
        clientSecretHash: clientSecret ? sha256Hex(clientSecret) : null,
      }),
    );
    return { application, clientSecret };
  }

  /** The token endpoint's lookup: one indexed query. */
  findByClientId(clientId: string): Promise<Application | null> {
    return findOneWhere(this.apps, { clientId });
  }

  /** Constant-time check of a presented client secret against its stored SHA-256. */
  verifySecret(app: Application, secret: string): boolean {
    if (!app.clientSecretHash) return false;
    return safeEqual(sha256Hex(secret), app.clientSecretHash);
  }

  listOwned(ownerId: number): Promise<Application[]> {
    return this.apps.find({ where: { ownerId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  async getOwned(ownerId: number, id: number): Promise<Application> {
    const app = Number.isSafeInteger(id) ? await this.apps.findOne({ where: { id, ownerId } }) : null;
    if (!app) throw new NotFoundException();
    return app;
  }

  /** A full replacement of the metadata; without a client type the application keeps its own. */
  async update(ownerId: number, id: number, input: Omit<ApplicationInput, 'clientType'> & { clientType?: ClientType }): Promise<Application> {
    const app = await this.getOwned(ownerId, id);
    // skip_consent is an operator's decision (CLI), not something the owner's form may reset.
    const normalized = this.checked(
      { ...input, clientType: input.clientType ?? app.clientType, skipConsent: input.skipConsent ?? app.skipConsent },
      app.grantTypes,
    );
    if (normalized.clientType !== app.clientType) {
      // Changing the type would leave a public client with a secret or a confidential one without.
      throw FormError.field('client_type', 'applications.errors.clientTypeFixed');
    }
    Object.assign(app, normalized);
    return this.apps.save(app);
  }

  /** Issues a new secret; the old one stops working at once. */
  async rotateSecret(ownerId: number, id: number): Promise<{ application: Application; clientSecret: string }> {
    const app = await this.getOwned(ownerId, id);
    if (app.clientType !== 'confidential') throw FormError.form('applications.errors.publicNoSecret');
    const clientSecret = randomToken(32);
    app.clientSecretHash = sha256Hex(clientSecret);
    return { application: await this.apps.save(app), clientSecret };
  }

  /**
   * Staff's decision (CLI now, the operator console later): a resource server introspects
   * every client's tokens with its own credentials (CONTRACT §2.4), so it must have some.
   */
  async setResourceServer(id: number, on: boolean): Promise<Application> {
    const app = Number.isSafeInteger(id) ? await this.apps.findOne({ where: { id } }) : null;
    if (!app) throw new NotFoundException();
    if (on && app.clientType !== 'confidential') throw FormError.form('applications.errors.resourceServerConfidential');
    app.resourceServer = on;
    return this.apps.save(app);
  }

  /**
   * Deletes the application; its codes, tokens and consents go with it in the same statement
   * (their foreign keys are ON DELETE CASCADE, on both databases).
   */
  async remove(ownerId: number, id: number): Promise<void> {
    const { affected } = await this.apps.delete({ id, ownerId });
    if (!affected) throw new NotFoundException();
  }

  /**
   * Normalizes and checks an application; throws a FormError naming the fields. A grant the
   * operator has turned off (ALLOW_PASSWORD_GRANT, ALLOW_IMPLICIT_GRANT) cannot be added;
   * an application that already has it keeps it (the token endpoint refuses it anyway).
   */
  private checked(input: ApplicationInput, had: readonly string[] = []): Required<ApplicationInput> {
    const tokenEndpointAuthMethod = input.tokenEndpointAuthMethod ?? (input.clientType === 'public' ? 'none' : 'client_secret_basic');
    const out: Required<ApplicationInput> = {
      name: input.name.trim(),
      clientType: input.clientType,
      grantTypes: [...new Set(input.grantTypes)],
      redirectUris: uriSet(input.redirectUris),
      postLogoutRedirectUris: uriSet(input.postLogoutRedirectUris ?? []),
      scopes: [...new Set(input.scopes)],
      tokenEndpointAuthMethod,
      skipConsent: input.skipConsent ?? false,
      accessTokenTtl: input.accessTokenTtl ?? null,
      refreshTokenTtl: input.refreshTokenTtl ?? null,
    };
    const problems = clientShapeProblems(out, this.grants.all());
    const { access, refresh } = this.tokenLifetimeLimits();
    const outside = (v: number | null, l: { min: number; max: number }) => v !== null && (!Number.isInteger(v) || v < l.min || v > l.max);
    if (outside(out.accessTokenTtl, access)) problems.access_token_ttl = 'applications.errors.accessTtlRange';
    if (outside(out.refreshTokenTtl, refresh)) problems.refresh_token_ttl = 'applications.errors.refreshTtlRange';
    const disabled = out.grantTypes.find((type) => !had.includes(type) && this.grants.get(type)?.enabled(this.config) === false);
    if (disabled && !problems.grant_types) problems.grant_types = 'applications.errors.grantDisabled';
    const badUri = out.redirectUris.map(redirectUriProblem).find(Boolean);
    if (badUri) problems.redirect_uris = badUri;
    const badLogoutUri = out.postLogoutRedirectUris.map(redirectUriProblem).find(Boolean);
    if (badLogoutUri) problems.post_logout_redirect_uris = badLogoutUri;
    // Named in the message: `introspection` is refused here too (no longer a scope to choose).
    const unknown = out.scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (unknown.length > 0) problems.scope = 'applications.errors.unknownScope';
    if (!out.name) problems.client_name = 'validation.required';
    const limits = { accessMin: access.min, accessMax: access.max, refreshMin: refresh.min, refreshMax: refresh.max };
    if (Object.keys(problems).length > 0) throw new FormError(problems, [], 'invalid', { ...limits, scope: unknown.join(' ').slice(0, 100) });
    return out;
  }
}
