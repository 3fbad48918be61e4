import { Injectable } from '@nestjs/common';
import type { OAuthConfig } from '../config/configuration';

/**
 * What the client registry needs to know of a grant type. Each grant of the oauth module
 * declares one (src/oauth/grants/registry.ts lists them) and registers it here at start, so
 * that the application form, its validation and the discovery metadata read one list.
 */
export interface GrantDescriptor {
  /** The `grant_type` value (RFC 6749 §4), or `implicit`. */
  readonly type: string;
  /** The token endpoint's parameters this grant cannot do without (none: not a token endpoint grant). */
  readonly requiredParams: readonly string[];
  /** Whether the operator's configuration enables it. */
  readonly enabled: (config: OAuthConfig) => boolean;
  /**
   * The authorization endpoint's `response_type` values that start it (each with its names
   * in alphabetical order: `id_token token`), and where its answer goes.
   */
  readonly responseTypes?: readonly string[];
  readonly responseMode?: 'query' | 'fragment';
  /** Its authorization request takes a PKCE challenge (RFC 7636). */
  readonly pkce?: boolean;
  /** RFC 9700 advises against it: offered only to applications that need it. */
  readonly legacy?: boolean;
  /** Needs a client that can keep a secret (no public clients). */
  readonly confidentialOnly?: boolean;
  /** Sends the user's browser back to a registered redirect URI. */
  readonly redirects?: boolean;
  /** Only useful beside one of these grants; `message` is the form's translation key otherwise. */
  readonly requiresOneOf?: { readonly types: readonly string[]; readonly message: string };
}

/** The registered grant types, in the order the form lists them. */
@Injectable()
export class GrantCatalog {
  private readonly byType = new Map<string, GrantDescriptor>();

  register(grant: GrantDescriptor): void {
    if (this.byType.has(grant.type)) throw new Error(`The grant type ${grant.type} is registered twice`);
    this.byType.set(grant.type, grant);
  }

  all(): GrantDescriptor[] {
    return [...this.byType.values()];
  }

  get(type: string): GrantDescriptor | undefined {
    return this.byType.get(type);
  }
}
