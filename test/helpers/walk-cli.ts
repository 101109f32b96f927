// Child-process entry for tests that must walk as another uid (root reads everything, so an unreadable folder
// is only unreadable to a non-root walker). Usage: tsx walk-cli.ts <path> <nowIso> [find|node] → JSON of the walk on stdout.
import { walkSpacesWith, type Walker } from '../../agent/probes/spaces/walk-spaces.ts';
import { displayPath } from '../../agent/probes/spaces/walk-stats.ts';

const [path = '', now = '', stat = 'find'] = process.argv.slice(2);
const result = await walkSpacesWith(stat as Walker, [{ path, splitLevels: 2 }], { workers: 2, topN: 5, now: new Date(now), budgetMs: 60_000, nice: 19 });
const space = result.spaces[0];
process.stdout.write(
  JSON.stringify({
    uid: process.getuid?.(),
    stat: result.workers.map((w) => w.stat),
    truncated: space?.truncated,
    rootError: space?.rootError,
    allocated: space?.stats.allocated,
    apparent: space?.stats.apparent,
    files: space?.stats.files,
    directories: space?.stats.directories,
    errorCount: space?.stats.errorCount,
    errors: space?.stats.errors.map((e) => ({ path: displayPath(e.rel), code: e.code })),
  }) + '\n',
);
