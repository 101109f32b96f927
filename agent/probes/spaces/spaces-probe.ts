// The spaces probe: discovers the layout, walks every space in worker threads within the time budget, and
// answers the report's SpacesSection. Unreadable entries and missing roots are data (errors), never a throw.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Space, SpacesSection } from '../../../shared/protocol/spaces-section.ts';
import type { Probe } from '../probe.ts';
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
  /** scan.walker: 'find' (default) or 'node' (see walk-spaces.ts). */
  walker?: Walker;
  /** Largest files kept per space. Default 10. */
  topN: number;
  /** Niceness of the walker threads. Default 19 (lowest CPU priority); null leaves it. */
  nice: number | null;
  /** Most errors listed per space (all are counted). Default 20, at most 50. */
  maxErrorsPerSpace: number;
}

/** One report space from its plan and walk (owners' profiles are put on later, from getent: build-report.ts). */
export function toSpace(plan: PlannedSpace, walk: SpaceWalkResult, maxErrors: number): Space {
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
  if (plan.kind === 'importation') space.filesOlderThan6Months = s.olderThan6Months;
  return space;
}

export function createSpacesProbe(deps: { config: SpacesProbeConfig }): Probe<SpacesSection, 'spaces'> {
  const { config } = deps;
  return {
    name: 'spaces',
    async run(options) {
      const started = performance.now();
      const plan = await discoverLayout(config.rootDir, config.layout);
      const remaining = Math.max(0, options.budgetMs - (performance.now() - started));
      const walk = await walkSpacesWith(
        config.walker ?? DEFAULT_WALKER,
        plan.spaces.map((p) => ({ path: join(config.rootDir, p.path), splitLevels: p.splitLevels, exclude: p.exclude })),
        {
          workers: config.workers, topN: config.topN, now: options.now, budgetMs: remaining, nice: config.nice,
          signal: options.signal,
        },
      );
      const spaces = plan.spaces.map((p, i) => toSpace(p, walk.spaces[i] as SpaceWalkResult, config.maxErrorsPerSpace));
      return {
        partial: walk.partial,
        durationMs: Math.round(performance.now() - started),
        spaces,
        brokenPupilLinks: plan.brokenPupilLinks,
      };
    },
  };
}
