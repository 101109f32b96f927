// Which walker runs a scan (scan.walker): GNU find processes parsed in this thread (find-walker.ts; the default),
// or the node walker in worker threads with its 'raw' or 'node' stat call (walker-pool.ts). Same figures from all
// three. A machine without /usr/bin/find gets the 'raw' walker instead of 'find'.
import { existsSync } from 'node:fs';
import { DEFAULT_FIND_PATH, walkSpacesWithFind } from './find-walker.ts';
import { walkSpaces, type SpaceTarget, type WalkSpacesOptions, type WalkSpacesResult } from './walker-pool.ts';

export type Walker = 'find' | 'raw' | 'node';

export const WALKERS: readonly Walker[] = ['find', 'raw', 'node'];

export const DEFAULT_WALKER: Walker = 'find';

export function walkSpacesWith(walker: Walker, targets: readonly SpaceTarget[], options: WalkSpacesOptions): Promise<WalkSpacesResult> {
  if (walker === 'find' && existsSync(DEFAULT_FIND_PATH)) return walkSpacesWithFind(targets, options);
  return walkSpaces(targets, { ...options, stat: walker === 'node' ? 'node' : 'raw' });
}
