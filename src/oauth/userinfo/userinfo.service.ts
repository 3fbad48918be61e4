import { Injectable } from '@nestjs/common';
import { GroupsService } from '../../accounts/groups.service';
import { UsersService } from '../../accounts/users.service';

/** The claims of one user, as userinfo and an ID token without access token give them. */
export type UserClaims = Record<string, string | boolean | string[]>;

/**
 * OIDC Core §5.4, our claim sets: `sub` and `preferred_username` with `openid` (`profile`
 * adds nothing more: a user has no other profile field), `email` and `email_verified` with
 * `email`, `groups` (names) with `groups`. Null for a user who is gone or disabled.
 */
@Injectable()
export class UserinfoService {
  constructor(
    private readonly users: UsersService,
    private readonly groups: GroupsService,
  ) {}

  async claims(userId: number, scopes: readonly string[]): Promise<UserClaims | null> {
    const user = await this.users.findById(userId);
    if (!user || !user.isActive) return null;
    const claims: UserClaims = { sub: String(user.id), preferred_username: user.username };
    if (scopes.includes('email')) Object.assign(claims, { email: user.email, email_verified: user.emailVerified });
    if (scopes.includes('groups')) claims.groups = (await this.groups.listForUser(user.id)).map((g) => g.name);
    return claims;
  }
}
