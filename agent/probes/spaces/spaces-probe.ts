// The spaces probe: discovers the layout, walks every space in worker threads within the time budget, and
// answers the report's SpacesSection. Unreadable entries and missing roots are data (errors), never a throw.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Profile } from '../../../shared/protocol/quota-section.ts';
import type { Space, SpacesSection } from '../../../shared/protocol/spaces-section.ts';
import { discoverLayout, type PlannedSpace, type SpacesLayoutConfig } from './layout.ts';
import { displayPath, sortedTop } from './walk-stats.ts';
import { DEFAULT_WALKER, walkSpacesWith, type Walker } from './walk-spaces.ts';
import type { SpaceWalkResult } from './walker-pool.ts';

export interface SpacesProbeConfig {
  /** The server's filesystem root ('/' in production; a generated tree in tests). */
  rootDir: string;
  layout: SpacesLayoutConfig;
  /** Worker threads. Default 2. */
  workers: number;
  /** scan.walker: 'find' (default), 'raw' or 'node' (see walk-spaces.ts). */
  walker?: Walker;
  /** Largest files kept per space. Default 10. */
  topN: number;
  /** Niceness of the walker threads. Default 19 (lowest CPU priority); null leaves it. */
  nice: number | null;
  /** Most errors listed per space (all are counted). Default 20, at most 50. */
  maxErrorsPerSpace: number;
}

export interface SpacesCollectOptions {
  now: Date;
  /** Time budget of the whole walk, ms. */
  budgetMs: number;
  signal?: AbortSignal;
  /** Profile per login, to label perso spaces. */
  profiles?: ReadonlyMap<string, Profile>;
}

export interface SpacesProbe {
  collect(options: SpacesCollectOptions): Promise<SpacesSection>;
}

export function toSpace(plan: PlannedSpace, walk: SpaceWalkResult, maxErrors: number, profile: Profile | undefined): Space {
  const s = walk.stats;
  const errors = s.errors.slice(0, maxErrors).map((e) => ({ path: displayPath(e.rel), code: e.code }));
  let errorCount = s.errorCount;
  if (walk.rootError !== undefined) {
    errors.unshift({ path: '', code: walk.rootError });
    errorCount += 1;
  }
  const space: Space = {
    kind: plan.kind,
    name: plan.name,
    path: plan.path,
    allocatedBytes: s.allocated,
    apparentBytes: s.apparent,
    files: s.files,
    directories: s.directories,
    ageBytes: { lt1y: s.ageLt1y, y1to3: s.age1to3y, gt3y: s.ageGt3y },
    largestFiles: sortedTop(s.top).map((f) => ({ path: displayPath(f.rel), sizeBytes: f.size, modifiedAt: new Date(f.mtimeMs).toISOString() })),
    errorCount,
    errors: errors.slice(0, Math.min(50, maxErrors)),
    truncated: walk.truncated,
  };
  if (profile !== undefined) space.profile = profile;
  if (plan.kind === 'importation') space.filesOlderThan6Months = s.olderThan6Months;
  return space;
}

export function createSpacesProbe(deps: { config: SpacesProbeConfig; workerUrl?: URL }): SpacesProbe {
  const { config } = deps;
  return {
    async collect(options) {
      const started = performance.now();
      const plan = await discoverLayout(config.rootDir, config.layout);
      const remaining = Math.max(0, options.budgetMs - (performance.now() - started));
      const walk = await walkSpacesWith(
        config.walker ?? DEFAULT_WALKER,
        plan.spaces.map((p) => ({ path: join(config.rootDir, p.path), splitLevels: p.splitLevels, exclude: p.exclude })),
        {
          workers: config.workers, topN: config.topN, now: options.now, budgetMs: remaining, nice: config.nice,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(deps.workerUrl === undefined ? {} : { workerUrl: deps.workerUrl }),
        },
      );
      const spaces = plan.spaces.map((p, i) => {
        const profile = p.kind === 'perso' && p.login !== undefined ? options.profiles?.get(p.login) : undefined;
        return toSpace(p, walk.spaces[i] as SpaceWalkResult, config.maxErrorsPerSpace, profile);
      });
      return {
        partial: walk.partial,
        durationMs: Math.round(performance.now() - started),
        spaces,
        brokenPupilLinks: plan.brokenPupilLinks,
      };
    },
  };
}
