import { AccountToken } from '../accounts/account-token.entity';
import { Group } from '../accounts/group.entity';
import { PendingRegistration } from '../accounts/pending-registration.entity';
import { SessionRecord } from '../accounts/session.entity';
import { User } from '../accounts/user.entity';
import { UserGroup } from '../accounts/user-group.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { Application } from '../applications/application.entity';
import { AccessToken } from '../tokens/access-token.entity';
import { AuthorizationCode } from '../tokens/authorization-code.entity';
import { Consent } from '../tokens/consent.entity';
import { DpopProof } from '../tokens/dpop/dpop-proof.entity';
import { RefreshToken } from '../tokens/refresh-token.entity';
import { SigningKeyRecord } from '../tokens/keys/signing-key.entity';

export const ENTITIES = [
  User,
  UserGroup,
  Group,
  SessionRecord,
  AccountToken,
  PendingRegistration,
  Application,
  AccessToken,
  RefreshToken,
  AuthorizationCode,
  Consent,
  SigningKeyRecord,
  DpopProof,
  AuditEvent,
];
