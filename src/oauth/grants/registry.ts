import { Inject, Injectable, Provider } from '@nestjs/common';
import { GrantCatalog } from '../../applications/grant-catalog';
import { oauthConfig, OAuthConfig } from '../../config/configuration';
import { AuthorizationCodeGrant } from './authorization-code.grant';
import { ClientCredentialsGrant } from './client-credentials.grant';
import type { AuthorizationGrant, OAuthGrant, TokenGrant } from './grant';
import { ImplicitGrant } from './implicit.grant';
import { PasswordGrant } from './password.grant';
import { RefreshTokenGrant } from './refresh-token.grant';

/**
 * Every grant the server knows, in the order the application form lists them. A new grant is
 * one file (see grant.ts) and one entry here.
 */
export const GRANTS = [AuthorizationCodeGrant, ImplicitGrant, PasswordGrant, ClientCredentialsGrant, RefreshTokenGrant] as const;

export type GrantType = (typeof GRANTS)[number]['descriptor']['type'];

const GRANT_INSTANCES = Symbol('GRANT_INSTANCES');

/** The grants as providers, and the list of their instances (one multi-provider). */
export const GRANT_PROVIDERS: Provider[] = [...GRANTS, { provide: GRANT_INSTANCES, useFactory: (...grants: OAuthGrant[]) => grants, inject: [...GRANTS] }];

/**
 * The grants, for the endpoints and the metadata; only those the configuration enables take
 * part. Their descriptors go to the client registry's catalog, whose form and checks read them.
 */
@Injectable()
export class GrantRegistry {
  /** The enabled grants. */
  readonly enabled: readonly OAuthGrant[];
  private readonly all: readonly OAuthGrant[];

  constructor(@Inject(GRANT_INSTANCES) grants: OAuthGrant[], catalog: GrantCatalog, @Inject(oauthConfig.KEY) config: OAuthConfig) {
    for (const grant of grants) catalog.register(grant.descriptor);
    this.all = grants;
    this.enabled = grants.filter((g) => g.descriptor.enabled(config));
  }

  /** The grant the token endpoint runs for a `grant_type`, if it is enabled. */
  tokenGrant(type: string): TokenGrant | undefined {
    return this.enabled.find((g): g is TokenGrant => g.descriptor.type === type && !!g.handle);
  }

  /** Where a response_type's answer goes, enabled or not (an error about it goes there too). */
  responseMode(responseType: string | undefined): 'query' | 'fragment' {
    const type = responseType === undefined ? undefined : canonicalResponseType(responseType);
    return this.all.find((g) => type !== undefined && g.descriptor.responseTypes?.includes(type))?.descriptor.responseMode ?? 'query';
  }

  /** The grant an authorization request's (canonical) `response_type` starts, if it is enabled. */
  authorizationGrant(responseType: string): AuthorizationGrant | undefined {
    return this.enabled.find((g): g is AuthorizationGrant => !!g.descriptor.responseTypes?.includes(responseType) && !!g.authorize);
  }
}

/** OAuth 2.0 Multiple Response Types §5: the order of the names does not matter. */
export function canonicalResponseType(responseType: string): string {
  return responseType.split(' ').filter(Boolean).sort().join(' ');
}
