import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import type { SessionUser } from '../common/web/express-augment';
import { UsersService } from './users.service';

/** The session keeps only the user id; the user is read fresh on each request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly users: UsersService) {
    super();
  }

  serializeUser(user: SessionUser, done: (err: unknown, id?: number) => void): void {
    done(null, user.id);
  }

  deserializeUser(id: number, done: (err: unknown, user?: SessionUser | false) => void): void {
    this.users.findActiveSessionUser(id).then((u) => done(null, u ?? false), (err) => done(err));
  }
}
