// The 'find' walker (scan.walker: 'find'): GNU find does the walking (fts + fstatat, like du), in up to `workers`
// processes at once, each at the walkers' niceness; the main thread only parses its NUL-terminated records as they
// stream in (find-output.ts) and its complaints (find-errors.ts). Same figures as the node walker (walker-pool.ts):
// no symlink followed, one device (-xdev, mount points not counted), hard links once per space, allocated
// (%b × 512) and apparent bytes, age buckets by mtime, top N, errors as data, time budget.
// The top levels of a split space (`splitLevels`) are read here with the node walker's walkTask (one folder level
// at a time, small), and their folders become find start points spread over the processes. A start point whose
// name is not valid UTF-8 cannot be a command-line argument: it is walked here with walkTask. The processes are
// started through the command runner (timeout = what is left of the budget, SIGKILL, abort).
import { performance } from 'node:perf_hooks';
import { isAppError } from '../../../shared/errors.ts';
import type { CommandRunner } from '../../system/command-runner.ts';
import { createEntryLstat, S_IFDIR, S_IFMT } from './entry-lstat.ts';
import { createLineSplitter, parseFindComplaint } from './find-errors.ts';
import { createFindParser, findPrintArgs, MTIME_UNKNOWN, type SpaceFigures, type StartPoint } from './find-output.ts';
import { addError, emptyStats, mergeInto, settleLinked, toByteString, type AgeCutoffs, type WalkStats } from './walk-stats.ts';
import { walkTask, type WalkContext, type WalkTask } from './walk-tree.ts';
import { ageCutoffs, type SpaceTarget, type WalkSpacesOptions, type WalkSpacesResult } from './walker-pool.ts';

/** GNU find (Debian/Ubuntu findutils): `-printf` and `-newermt @…` are GNU extensions. */
export const FIND_PATH = '/usr/bin/find';
/** Largest total length of the start points of one find run (the kernel allows 2 MiB of arguments). */
const MAX_ARG_BYTES = 256 * 1024;

function utf8Arg(byteString: string): string | undefined {
  const bytes = Buffer.from(byteString, 'latin1');
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
}

function join(a: string, b: string): string {
  return a.length === 0 ? b : `${a}/${b}`;
}

interface Run {
  starts: StartPoint[];
  args: string[];
}

/** Start points → `lanes` lists of find runs (round robin, so big and small spaces mix), each under MAX_ARG_BYTES. */
function planRuns(starts: readonly StartPoint[], lanes: number): Run[][] {
  const plan: Run[][] = Array.from({ length: lanes }, () => []);
  const size = new Array<number>(lanes).fill(Infinity);
  starts.forEach((s, k) => {
    const lane = k % lanes;
    const arg = utf8Arg(s.path) as string;
    const runs = plan[lane] as Run[];
    if ((size[lane] as number) + arg.length > MAX_ARG_BYTES) {
      runs.push({ starts: [], args: [] });
      size[lane] = 0;
    }
    const run = runs[runs.length - 1] as Run;
    run.starts.push(s);
    run.args.push(arg);
    size[lane] = (size[lane] as number) + arg.length + 1;
  });
  return plan;
}

/** Top levels of every space, in this thread: counts them and returns the folders left for find. */
function expand(targets: readonly SpaceTarget[], figures: SpaceFigures[], rootErrors: Array<string | undefined>, ctx: WalkContext): StartPoint[] {
  const starts: StartPoint[] = [];
  targets.forEach((t, space) => {
    const fig = figures[space] as SpaceFigures;
    const levels = t.splitLevels ?? 0;
    const queue: WalkTask[] = [{
      id: 0, space, path: toByteString(t.path), rel: '', dev: -1, depth: 0,
      splitLevels: Math.max(levels, 1), exclude: (t.exclude ?? []).map(toByteString),
    }];
    if (levels === 0 && (t.exclude ?? []).length === 0) {
      // The whole space to find, root included, unless the root is not a folder or unreadable (walkTask then says so).
      const root = queue[0] as WalkTask;
      let isDir = false;
      try {
        const st = ctx.lstat?.(Buffer.from(root.path, 'latin1'));
        isDir = st !== undefined && (st.mode & S_IFMT) === S_IFDIR;
      } catch {
        isDir = false;
      }
      if (isDir) {
        starts.push({ path: root.path, space, rel: '', skipRoot: false });
        return;
      }
    }
    // Split (or with names to skip under the root, which walkTask leaves out): the levels above find, here.
    while (queue.length > 0) {
      const task = queue.pop() as WalkTask;
      const res = walkTask(task, ctx);
      if (res.rootError !== undefined) rootErrors[space] = res.rootError;
      if (task.dev === -1) fig.dev = res.dev;
      mergeInto(fig.stats, res.stats, ctx.topN);
      for (const sub of res.subtasks) {
        const next = { ...task, path: sub.path, rel: sub.rel, depth: sub.depth, dev: res.dev, exclude: [] };
        if (sub.depth < levels) queue.push(next);
        else if (utf8Arg(sub.path) !== undefined) starts.push({ path: sub.path, space, rel: sub.rel, skipRoot: true });
        else mergeInto(fig.stats, walkTask({ ...next, splitLevels: sub.depth }, ctx).stats, ctx.topN);
      }
    }
  });
  return starts;
}

/** The space (and its relative path) an absolute path of a complaint belongs to: its longest start point. */
function locate(path: string, starts: readonly StartPoint[]): { space: number; rel: string } | undefined {
  let best: StartPoint | undefined;
  for (const s of starts) {
    if ((path === s.path || path.startsWith(`${s.path}/`)) && (best === undefined || s.path.length > best.path.length)) best = s;
  }
  return best === undefined ? undefined : { space: best.space, rel: join(best.rel, path.slice(best.path.length + 1)) };
}

export interface FindWalkOptions extends WalkSpacesOptions {
  /** Starts the find processes (timeout, kill, abort: agent/system/command-runner.ts). */
  commands: Pick<CommandRunner, 'stream'>;
}

export async function walkSpacesWithFind(targets: readonly SpaceTarget[], options: FindWalkOptions): Promise<WalkSpacesResult> {
  const started = performance.now();
  const cut: AgeCutoffs = ageCutoffs(options.now);
  const figures: SpaceFigures[] = targets.map(() => ({ stats: emptyStats(), dev: -1 }));
  const rootErrors: Array<string | undefined> = targets.map(() => undefined);
  const truncated = targets.map(() => false);
  const workers: WalkSpacesResult['workers'] = [];
  const lstat = createEntryLstat();
  const ctx: WalkContext = { topN: options.topN, cut, lstat, shouldStop: () => false };
  const finish = (): WalkSpacesResult => {
    const spaces = figures.map((f, i) => {
      const stats: WalkStats = f.stats;
      settleLinked(stats, options.topN, cut);
      const root = toByteString((targets[i] as SpaceTarget).path);
      for (const top of stats.top) {
        if (top.mtimeMs !== MTIME_UNKNOWN) continue;
        const st = lstat(Buffer.from(join(root, top.rel), 'latin1')); // find printed no mtime (cheaper): read the few kept
        top.mtimeMs = st?.mtimeMs ?? cut.threeYearsMs;
      }
      const rootError = rootErrors[i];
      return { stats, truncated: truncated[i] as boolean, ...(rootError === undefined ? {} : { rootError }) };
    });
    return { spaces, partial: truncated.some((t) => t), durationMs: Math.round(performance.now() - started), workers };
  };
  if (options.budgetMs <= 0 || options.signal?.aborted === true) {
    truncated.fill(true);
    return finish();
  }

  const starts = expand(targets, figures, rootErrors, ctx);
  const expr = ['-xdev', ...findPrintArgs(cut)];
  const wanted = Number.isFinite(options.workers) ? Math.floor(options.workers) : 1;
  const plan = planRuns(starts, Math.max(1, Math.min(wanted, starts.length)));
  // One stop for every find process: the scan's abort; the budget is each run's timeout (what is left of it).
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort);

  const runOne = async (run: Run): Promise<void> => {
    const cutShort = (code: string | undefined): void => {
      for (const s of run.starts) {
        if (code !== undefined) addError((figures[s.space] as SpaceFigures).stats, s.rel, code);
        truncated[s.space] = true;
      }
    };
    const remainingMs = options.budgetMs - (performance.now() - started);
    if (remainingMs < 1) {
      stop.abort();
      cutShort(undefined);
      return;
    }
    const parser = createFindParser(run.starts, figures, options.topN);
    const lines = createLineSplitter((line) => {
      const c = parseFindComplaint(line);
      const where = c.path === null ? undefined : locate(c.path, run.starts);
      const space = where?.space ?? run.starts[0]?.space ?? 0;
      addError((figures[space] as SpaceFigures).stats, where?.rel ?? line.slice(0, 200), c.code);
      // A complaint about no file (a find that rejects the expression, say): its figures cannot be trusted.
      if (where === undefined) for (const s of run.starts) truncated[s.space] = true;
    });
    try {
      const out = await options.commands.stream(FIND_PATH, [...run.args, ...expr], {
        timeoutMs: remainingMs, signal: stop.signal, nice: options.nice,
        onStdout: (d) => parser.push(d), onStderr: (d) => lines.push(d),
      });
      lines.end();
      workers.push({ tid: out.pid, nice: out.nice, stat: 'find' });
      if (out.stoppedBy === 'timeout') stop.abort(); // the budget is spent: no further run starts
      // Killed (budget, abort) or cut short: these spaces may lack figures.
      if (out.signal !== null || (out.exitCode !== 0 && out.exitCode !== 1) || parser.pending() > 0) cutShort(undefined);
    } catch (err) {
      cutShort(isAppError(err, 'ERR_COMMAND_NOT_FOUND') ? 'EFINDMISSING' : 'EFIND');
    }
  };

  try {
    await Promise.all(plan.map(async (runs) => {
      for (const run of runs) {
        if (stop.signal.aborted) {
          for (const s of run.starts) truncated[s.space] = true;
          continue;
        }
        await runOne(run);
      }
    }));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  return finish();
}
