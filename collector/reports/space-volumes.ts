// How much of a server's data moves to KoXo: spaces can nest (commun/travail in commun, recyclage in a perso),
// so every byte is attributed to its innermost space and counted once.
import type { Space, SpaceKind } from '../../shared/protocol/index.ts';

/** Space kinds that are not migrated: mailboxes and the folder of deleted data. */
export const NOT_MIGRATED_KINDS: ReadonlySet<SpaceKind> = new Set<SpaceKind>(['mail', 'recyclage']);

export interface SpaceVolumes {
  persoBytes: number;
  sharesBytes: number;
  excludedBytes: number;
  toMigrateBytes: number;
  olderThan3yBytes: number;
}

export const ZERO_VOLUMES: Readonly<SpaceVolumes> = Object.freeze({
  persoBytes: 0,
  sharesBytes: 0,
  excludedBytes: 0,
  toMigrateBytes: 0,
  olderThan3yBytes: 0,
});

/**
 * For each space, the index of the innermost other space whose path contains it (or -1).
 * Paths are compared by component, so `/a b` never counts as inside `/a`; an exact duplicate path
 * is treated as nested in the first one, so it is never counted twice.
 */
export function findParents(spaces: readonly Space[]): number[] {
  const keys = spaces.map((sp) => sp.path.replace(/\/+$/, '').replaceAll('/', '\u0000'));
  const key = (i: number): string => keys[i] ?? '';
  const order = spaces.map((_, i) => i);
  order.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  });
  const parents = spaces.map(() => -1);
  const stack: number[] = [];
  for (const i of order) {
    const k = key(i);
    while (stack.length > 0) {
      const top = key(stack[stack.length - 1] as number);
      if (k === top || k.startsWith(`${top}\u0000`)) break;
      stack.pop();
    }
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parents[i] = parent;
    stack.push(i);
  }
  return parents;
}

/** Perso, shares, excluded and to-migrate apparent bytes of one report's spaces. */
export function computeSpaceVolumes(spaces: readonly Space[]): SpaceVolumes {
  const parents = findParents(spaces);
  const childBytes = spaces.map(() => 0);
  const childOld = spaces.map(() => 0);
  spaces.forEach((s, i) => {
    const p = parents[i] ?? -1;
    if (p < 0) return;
    childBytes[p] = (childBytes[p] ?? 0) + s.apparentBytes;
    childOld[p] = (childOld[p] ?? 0) + s.ageBytes.gt3y;
  });
  const volumes: SpaceVolumes = { ...ZERO_VOLUMES };
  spaces.forEach((s, i) => {
    const own = Math.max(0, s.apparentBytes - (childBytes[i] ?? 0));
    const ownOld = Math.max(0, s.ageBytes.gt3y - (childOld[i] ?? 0));
    const category = categoryOf(spaces, parents, i);
    if (category === 'excluded') {
      volumes.excludedBytes += own;
      return;
    }
    if (category === 'perso') volumes.persoBytes += own;
    else volumes.sharesBytes += own;
    volumes.toMigrateBytes += own;
    volumes.olderThan3yBytes += ownOld;
  });
  return volumes;
}

/** Excluded if the space or an ancestor is not migrated; else perso or shares by its top-level ancestor. */
function categoryOf(spaces: readonly Space[], parents: readonly number[], index: number): 'perso' | 'shares' | 'excluded' {
  let i = index;
  let kind: SpaceKind | undefined;
  for (let guard = 0; i >= 0 && guard <= spaces.length; guard += 1) {
    kind = spaces[i]?.kind;
    if (kind !== undefined && NOT_MIGRATED_KINDS.has(kind)) return 'excluded';
    i = parents[i] ?? -1;
  }
  return kind === 'perso' ? 'perso' : 'shares';
}

/** Field-wise sum of two volume sets. */
export function addVolumes(a: SpaceVolumes, b: SpaceVolumes): SpaceVolumes {
  return {
    persoBytes: a.persoBytes + b.persoBytes,
    sharesBytes: a.sharesBytes + b.sharesBytes,
    excludedBytes: a.excludedBytes + b.excludedBytes,
    toMigrateBytes: a.toMigrateBytes + b.toMigrateBytes,
    olderThan3yBytes: a.olderThan3yBytes + b.olderThan3yBytes,
  };
}
