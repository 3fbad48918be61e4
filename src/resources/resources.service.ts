import { Injectable, NotFoundException } from '@nestjs/common';
import { OAuthError } from '../common/errors/oauth.error';
import { GroupsService, GroupView } from '../accounts/groups.service';
import { UsersService } from '../accounts/users.service';
import type { VerifiedAccessToken } from '../tokens/access-token-verifier.service';

/** The user resource; `email` only with the email or read scope, `groups` only with groups or read. */
export interface UserResource {
  id: number;
  username: string;
  email?: string;
  email_verified?: boolean;
  groups?: GroupView[];
}

export type GroupResource = GroupView;

/** A client_credentials token represents the client, not a user (RFC 6749 §4.4). */
export class UserTokenRequiredError extends OAuthError {
  readonly error = 'user_token_required';
  override readonly status = 403;
  override readonly messageKey = 'resources.errors.userTokenRequired';

  constructor() {
    super('This resource needs a token issued for a user');
  }
}

const has = (token: VerifiedAccessToken, ...scopes: string[]) => scopes.some((s) => token.scopes.includes(s));

/**
 * What a token may read (docs/PROTOCOL.md §6): only the user who authorized it, and only groups that
 * user belongs to. Anything else is a 404, never a hint that it exists.
 */
@Injectable()
export class ResourcesService {
  constructor(
    private readonly users: UsersService,
    private readonly groups: GroupsService,
  ) {}

  async user(token: VerifiedAccessToken, pk: number): Promise<UserResource> {
    const userId = this.userOf(token);
    if (pk !== userId) throw new NotFoundException();
    const user = await this.users.findById(userId);
    if (!user || !user.isActive) throw new NotFoundException();
    const out: UserResource = { id: user.id, username: user.username };
    if (has(token, 'email', 'read')) {
      out.email = user.email;
      out.email_verified = user.emailVerified;
    }
    if (has(token, 'groups', 'read')) out.groups = await this.groups.listForUser(user.id);
    return out;
  }

  group(token: VerifiedAccessToken, pk: number): Promise<GroupResource> {
    return this.groups.getForMember(this.userOf(token), pk);
  }

  private userOf(token: VerifiedAccessToken): number {
    if (token.userId === null) throw new UserTokenRequiredError();
    return token.userId;
  }
}
