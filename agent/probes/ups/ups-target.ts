/**
 * Which UPS the agent reads at a heartbeat, decided purely from the configuration and what was learnt so far:
 * a configured `ups.name` wins; otherwise the last discovery (`upsc -l`) is trusted for `rediscoverSeconds`,
 * and so is the finding that upsc is not installed.
 */
import { upsMode, type UpsConfig } from './ups-config.ts';

/** What the probe has learnt from its last discovery. */
export interface DiscoveryState {
  /** When the last discovery ran (or found upsc missing); null before the first. */
  readonly atMs: number | null;
  /** The UPS it found (`name@host`), or null when none. */
  readonly found: string | null;
  /** True when upsc could not be run. */
  readonly upscMissing: boolean;
}

export const NO_DISCOVERY: DiscoveryState = { atMs: null, found: null, upscMissing: false };

export type UpsTarget =
  | { readonly action: 'read'; readonly name: string }
  | { readonly action: 'discover' }
  | { readonly action: 'none'; readonly why: 'disabled' | 'upsc_missing' | 'none_found' };

export function upsTarget(config: Pick<UpsConfig, 'enabled' | 'name' | 'rediscoverSeconds'>, state: DiscoveryState, nowMs: number): UpsTarget {
  if (upsMode(config.enabled) === 'false') return { action: 'none', why: 'disabled' };
  const fresh = state.atMs !== null && nowMs - state.atMs < config.rediscoverSeconds * 1000 && nowMs >= state.atMs;
  if (state.upscMissing && fresh) return { action: 'none', why: 'upsc_missing' };
  if (config.name !== undefined) return { action: 'read', name: config.name };
  if (!fresh) return { action: 'discover' };
  return state.found === null ? { action: 'none', why: 'none_found' } : { action: 'read', name: state.found };
}

/** The UPS a discovery settles on: the first name `upsc -l [host]` listed, qualified with the host asked. */
export function discoveredName(names: readonly string[], host: string | undefined): string | null {
  const first = names[0];
  return first === undefined ? null : `${first}@${host ?? 'localhost'}`;
}
