import { InitialSchema1763900000000 } from './1763900000000-initial-schema';
import { CodeReplayMarker1763910000000 } from './1763910000000-code-replay-marker';
import { ResourceServers1764000000000 } from './1764000000000-resource-servers';
import { OpenIdConnect1764100000000 } from './1764100000000-openid-connect';
import { AuditAndSessions1764200000000 } from './1764200000000-audit-and-sessions';
import { TlsAndDpop1764300000000 } from './1764300000000-tls-and-dpop';
import { UsernameLookalikes1763950000000 } from './1763950000000-username-lookalikes';
import { PendingRegistrations1763960000000 } from './1763960000000-pending-registrations';
import { SigningKeys1764590141000 } from './1764590141000-signing-keys';
import { ApplicationTokenLifetimes1764590142000 } from './1764590142000-application-token-lifetimes';

/** Every migration, in order; both drivers run the same list. */
export const MIGRATIONS = [
  InitialSchema1763900000000,
  CodeReplayMarker1763910000000,
  UsernameLookalikes1763950000000,
  PendingRegistrations1763960000000,
  ResourceServers1764000000000,
  OpenIdConnect1764100000000,
  AuditAndSessions1764200000000,
  TlsAndDpop1764300000000,
  SigningKeys1764590141000,
  ApplicationTokenLifetimes1764590142000,
];
