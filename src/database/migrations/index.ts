import { InitialSchema1763900000000 } from './1763900000000-initial-schema';
import { CodeReplayMarker1763910000000 } from './1763910000000-code-replay-marker';
import { SigningKeys1764590141000 } from './1764590141000-signing-keys';
import { ApplicationTokenLifetimes1764590142000 } from './1764590142000-application-token-lifetimes';

/** Every migration, in order; both drivers run the same list. */
export const MIGRATIONS = [InitialSchema1763900000000, CodeReplayMarker1763910000000, SigningKeys1764590141000, ApplicationTokenLifetimes1764590142000];
