import { InitialSchema1763900000000 } from './1763900000000-initial-schema';
import { CodeReplayMarker1763910000000 } from './1763910000000-code-replay-marker';
import { OpenIdConnect1764000000000 } from './1764000000000-openid-connect';

/** Every migration, in order; both drivers run the same list. */
export const MIGRATIONS = [InitialSchema1763900000000, CodeReplayMarker1763910000000, OpenIdConnect1764000000000];
