// Which walker runs a scan (scan.walker): the node walker in worker threads with its 'raw' or 'node' stat call
// (walker-pool.ts), or GNU find processes parsed in this thread (find-walker.ts). Same figures from all three.
import { walkSpacesWithFind } from './find-walker.ts';
import { walkSpaces, type SpaceTarget, type WalkSpacesOptions, type WalkSpacesResult } from './walker-pool.ts';

export type Walker = 'find' | 'raw' | 'node';

export const WALKERS: readonly Walker[] = ['find', 'raw', 'node'];

export function walkSpacesWith(walker: Walker, targets: readonly SpaceTarget[], options: WalkSpacesOptions): Promise<WalkSpacesResult> {
  return walker === 'find' ? walkSpacesWithFind(targets, options) : walkSpaces(targets, { ...options, stat: walker });
}
