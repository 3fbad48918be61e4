import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditActor, NO_ACTOR } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { matchesSha256Hex, randomToken, sha256Hex } from '../common/crypto/tokens';
import { findOneWhere } from '../database/direct-rows';
import { containing } from '../database/containing';
import type { Page, Paging } from '../common/web/paging';
import { FormError } from '../common/errors/form.error';
import { oauthConfig, OAuthConfig } from '../config/configuration';
import { Application, ClientType, TlsSubjectField, TokenEndpointAuthMethod } from './application.entity';
import { jwksThumbprints, tlsMetadataName, tlsSubjectProblem } from './certificate-subject';
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
  /** tls_client_auth: exactly one certificate field (RFC 8705 §2.1.2). */
  tlsSubject?: Partial<Record<TlsSubjectField, string>>;
  /** self_signed_tls_client_auth: the certificate's public key(s), RFC 7591 `jwks`. */
  jwks?: unknown;
  tlsBoundTokens?: boolean;
  dpopBoundTokens?: boolean;
}

/** The lifetimes an application may choose (seconds): the configuration's minimum, default and maximum. */
export interface TokenLifetimeLimits {
  access: { min: number; default: number; max: number };
  refresh: { min: number; default: number; max: number };
}

/** The methods that authenticate with a client secret: only these get one. */
const SECRET_METHODS: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post'];

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
  /** RFC 8705: `tls_client_auth_<field>` of a tls_client_auth client, and the `jwks` of a self-signed one. */
  [tlsSubject: `tls_client_auth_${string}`]: string | undefined;
  jwks?: unknown;
  tls_client_certificate_bound_access_tokens: boolean;
  dpop_bound_access_tokens: boolean;
  created_at: string;
  updated_at: string;
}

type CheckedApplication = Required<Omit<ApplicationInput, 'tlsSubject' | 'jwks'>> & Pick<Application, 'tlsSubjectField' | 'tlsSubjectValue' | 'jwks'>;

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
    ...(app.tlsSubjectField ? { [tlsMetadataName(app.tlsSubjectField)]: app.tlsSubjectValue! } : {}),
    ...(app.jwks ? { jwks: JSON.parse(app.jwks) as unknown } : {}),
    tls_client_certificate_bound_access_tokens: app.tlsBoundTokens,
    dpop_bound_access_tokens: app.dpopBoundTokens,
    created_at: app.createdAt.toISOString(),
    updated_at: app.updatedAt.toISOString(),
  };
}

/** An application as staff see it: with its owner and whether it is disabled. */
export interface AdminApplicationView extends ApplicationView {
  disabled: boolean;
  owner: { id: number; username: string };
}

export const toAdminApplicationView = (app: Application): AdminApplicationView => ({
  ...toApplicationView(app),
  disabled: app.disabled,
  owner: { id: app.ownerId, username: app.owner?.username ?? '' },
});

/** The client registry. Management methods take the owner's id: another user's row is a 404. */
/**
 * A new client id: 24 random bytes, base64url. Never one that begins with `-`, which a command
 * line would take for an option (`npm run cli -- app:resource-server CLIENT_ID`).
 */
function newClientId(): string {
  let id = randomToken(24);
  while (id.startsWith('-')) id = randomToken(24);
  return id;
}

@Injectable()
export class ApplicationsService {
  constructor(
    @InjectRepository(Application) private readonly apps: Repository<Application>,
    private readonly grants: GrantCatalog,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
    private readonly audit: AuditService,
  ) {}

  tokenLifetimeLimits(): TokenLifetimeLimits {
    const c = this.config;
    return {
      access: { min: 60, default: c.accessTokenTtlSeconds, max: c.accessTokenTtlMaxSeconds },
      refresh: { min: 300, default: c.refreshTokenTtlSeconds, max: c.refreshTokenTtlMaxSeconds },
    };
  }

  /** Registers a client; the secret (confidential clients) is returned here and never again. */
  async create(ownerId: number, input: ApplicationInput, actor: AuditActor = NO_ACTOR): Promise<{ application: Application; clientSecret?: string }> {
    const normalized = await this.checked(input);
    const clientSecret = SECRET_METHODS.includes(normalized.tokenEndpointAuthMethod) ? randomToken(32) : undefined;
    const application = await this.saveRecorded(
      this.apps.create({
        ...normalized,
        ownerId,
        clientId: newClientId(),
        clientSecretHash: clientSecret ? sha256Hex(clientSecret) : null,
      }),
      actor,
      'app.created',
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
    return matchesSha256Hex(secret, app.clientSecretHash);
  }

  listOwned(ownerId: number): Promise<Application[]> {
    return this.apps.find({ where: { ownerId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Any application (staff, and the modules above this one); 404 when there is none. */
  async getById(id: number): Promise<Application> {
    const app = Number.isSafeInteger(id) ? await this.apps.findOne({ where: { id }, relations: { owner: true } }) : null;
    if (!app) throw new NotFoundException();
    return app;
  }

  /** Staff's list: every application with its owner, searched by name or client id. */
  async page(q: string, paging: Paging, ownerId?: number): Promise<Page<AdminApplicationView>> {
    const term = q.trim();
    const owner = ownerId === undefined ? {} : { ownerId };
    const where = term
      ? [
          { ...owner, name: containing(term) },
          { ...owner, clientId: containing(term) },
        ]
      : owner;
    const [rows, total] = await this.apps.findAndCount({
      where,
      relations: { owner: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: paging.skip,
      take: paging.take,
    });
    return { items: rows.map(toAdminApplicationView), total };
  }

  async count(): Promise<{ applications: number; disabled: number }> {
    const [applications, disabled] = await Promise.all([this.apps.count(), this.apps.count({ where: { disabled: true } })]);
    return { applications, disabled };
  }

  /**
   * Staff's switch: a disabled application's client authentication and authorizations are
   * refused. `then` runs in the same transaction (the console revokes its tokens there).
   */
  async setDisabled(id: number, disabled: boolean, actor: AuditActor, then?: (em: EntityManager) => Promise<void>): Promise<AdminApplicationView> {
    const app = await this.getById(id);
    await this.apps.manager.transaction(async (em) => {
      await em.update(Application, { id }, { disabled });
      await then?.(em);
      await this.audit.record(actor, { type: disabled ? 'app.disabled' : 'app.enabled', userId: app.ownerId, clientId: app.clientId }, em);
    });
    return toAdminApplicationView(await this.getById(id));
  }

  async getOwned(ownerId: number, id: number): Promise<Application> {
    const app = Number.isSafeInteger(id) ? await this.apps.findOne({ where: { id, ownerId } }) : null;
    if (!app) throw new NotFoundException();
    return app;
  }

  /** A full replacement of the metadata; without a client type the application keeps its own. */
  async update(
    ownerId: number,
    id: number,
    input: Omit<ApplicationInput, 'clientType'> & { clientType?: ClientType },
    actor: AuditActor = NO_ACTOR,
  ): Promise<Application> {
    const app = await this.getOwned(ownerId, id);
    // skip_consent is an operator's decision (CLI), not something the owner's form may reset.
    const normalized = await this.checked(
      { ...input, clientType: input.clientType ?? app.clientType, skipConsent: input.skipConsent ?? app.skipConsent },
      app.grantTypes,
    );
    if (normalized.clientType !== app.clientType) {
      // Changing the type would leave a public client with a secret or a confidential one without.
      throw FormError.field('client_type', 'applications.errors.clientTypeFixed');
    }
    Object.assign(app, normalized);
    return this.saveRecorded(app, actor, 'app.updated');
  }

  /** Issues a new secret; the old one stops working at once. */
  async rotateSecret(ownerId: number, id: number, actor: AuditActor = NO_ACTOR): Promise<{ application: Application; clientSecret: string }> {
    const app = await this.getOwned(ownerId, id);
    if (!SECRET_METHODS.includes(app.tokenEndpointAuthMethod)) throw FormError.form('applications.errors.noSecretMethod');
    const clientSecret = randomToken(32);
    app.clientSecretHash = sha256Hex(clientSecret);
    return { application: await this.saveRecorded(app, actor, 'app.secret_rotated'), clientSecret };
  }

  /**
   * Staff's decision (CLI now, the operator console later): a resource server introspects
   * every client's tokens with its own credentials (CONTRACT §2.4), so it must have some.
   */
  async setResourceServer(id: number, on: boolean, actor: AuditActor = NO_ACTOR): Promise<Application> {
    const app = await this.getById(id);
    if (on && app.clientType !== 'confidential') throw FormError.form('applications.errors.resourceServerConfidential');
    app.resourceServer = on;
    return this.saveRecorded(app, actor, 'app.updated', { resource_server: on });
  }

  /**
   * Deletes the application; its codes, tokens and consents go with it in the same statement
   * (their foreign keys are ON DELETE CASCADE, on both databases).
   */
  async remove(ownerId: number, id: number, actor: AuditActor = NO_ACTOR): Promise<void> {
    await this.apps.manager.transaction(async (em) => {
      const app = await em.findOne(Application, { where: { id, ownerId } });
      if (!app || !(await em.delete(Application, { id, ownerId })).affected) throw new NotFoundException();
      await this.audit.record(actor, { type: 'app.deleted', userId: ownerId, clientId: app.clientId, details: { name: app.name } }, em);
    });
  }

  /** Saves the application and records the event in the same transaction. */
  private saveRecorded(
    app: Application,
    actor: AuditActor,
    type: 'app.created' | 'app.updated' | 'app.secret_rotated',
    details: Record<string, boolean> = {},
  ): Promise<Application> {
    return this.apps.manager.transaction(async (em) => {
      const saved = await em.save(app);
      await this.audit.record(actor, { type, userId: saved.ownerId, clientId: saved.clientId, details: { name: saved.name, ...details } }, em);
      return saved;
    });
  }

  /**
   * RFC 8705 §2: a tls_client_auth client registers exactly one certificate field, a
   * self_signed_tls_client_auth client its certificate's key (`jwks`); neither goes with
   * another method. Problems are keyed by the metadata name they concern.
   */
  private async certificateCredentials(input: ApplicationInput, method: TokenEndpointAuthMethod) {
    const problems: Record<string, string> = {};
    const subjects = Object.entries(input.tlsSubject ?? {}) as Array<[TlsSubjectField, string]>;
    const [subject] = subjects;
    if (method === 'tls_client_auth' && !subject) problems.tls_client_auth_subject_dn = 'applications.errors.tlsSubjectRequired';
    for (const [field] of subjects.slice(1)) problems[tlsMetadataName(field)] = 'applications.errors.tlsSubjectOne';
    if (subject && method !== 'tls_client_auth') problems[tlsMetadataName(subject[0])] = 'applications.errors.tlsSubjectUnused';
    const badSubject = subject && tlsSubjectProblem(subject[0], subject[1]);
    if (badSubject) problems[tlsMetadataName(subject[0])] = badSubject;
    const jwks = input.jwks ?? null;
    if (method === 'self_signed_tls_client_auth' && jwks === null) problems.jwks = 'applications.errors.jwksRequired';
    else if (jwks !== null && method !== 'self_signed_tls_client_auth') problems.jwks = 'applications.errors.jwksUnused';
    else if (jwks !== null && !(await jwksThumbprints(jwks))) problems.jwks = 'applications.errors.jwksInvalid';
    return {
      tlsSubjectField: subject?.[0] ?? null,
      tlsSubjectValue: subject?.[1].trim() ?? null,
      jwks: jwks === null ? null : JSON.stringify(jwks),
      tlsBoundTokens: input.tlsBoundTokens ?? false,
      dpopBoundTokens: input.dpopBoundTokens ?? false,
      problems,
    };
  }

  /**
   * Normalizes and checks an application; throws a FormError naming the fields. A grant the
   * operator has turned off (ALLOW_PASSWORD_GRANT, ALLOW_IMPLICIT_GRANT) cannot be added;
   * an application that already has it keeps it (the token endpoint refuses it anyway).
   */
  private async checked(input: ApplicationInput, had: readonly string[] = []): Promise<CheckedApplication> {
    const tokenEndpointAuthMethod = input.tokenEndpointAuthMethod ?? (input.clientType === 'public' ? 'none' : 'client_secret_basic');
    const { problems: certificateProblems, ...certificate } = await this.certificateCredentials(input, tokenEndpointAuthMethod);
    const out: CheckedApplication = {
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
      ...certificate,
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
    Object.assign(problems, certificateProblems);
    const limits = { accessMin: access.min, accessMax: access.max, refreshMin: refresh.min, refreshMax: refresh.max };
    if (Object.keys(problems).length > 0) throw new FormError(problems, [], 'invalid', { ...limits, scope: unknown.join(' ').slice(0, 100) });
    return out;
  }
}
