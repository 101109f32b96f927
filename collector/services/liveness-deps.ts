import type { LivenessSettings } from '../config/liveness-config.ts';
import type { Store } from '../storage/store.ts';

/** What the liveness services need: the store and the settings (time always comes in as `now`). */
export interface LivenessDeps {
  readonly store: Store;
  readonly settings: LivenessSettings;
}
