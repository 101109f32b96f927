// `<stateDir>/state.json`: what the agent remembers across restarts and reboots (today: when the last scan
// succeeded, for the catch-up scan). Written durably; an unreadable file counts as empty, with a log line.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { writeFileDurable } from './durable-file.ts';

export interface AgentState {
  /** When the last scan finished with a report (ISO instant). */
  readonly lastSuccessfulScanAt?: string;
}

export interface StateFile {
  load(): Promise<AgentState>;
  /** Merges `patch` into the stored state. */
  save(patch: AgentState): Promise<void>;
}

const NAME = 'state.json';

function parseState(text: string): AgentState | undefined {
  const doc: unknown = JSON.parse(text);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const at = (doc as Record<string, unknown>)['lastSuccessfulScanAt'];
  if (at === undefined) return {};
  return typeof at === 'string' && Number.isFinite(Date.parse(at)) ? { lastSuccessfulScanAt: at } : undefined;
}

export function createStateFile(dir: string, logger: Logger): StateFile {
  const path = join(dir, NAME);
  async function load(): Promise<AgentState> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err, path }, 'state file unreadable, starting from an empty state');
      return {};
    }
    try {
      const state = parseState(text);
      if (state !== undefined) return state;
    } catch {
      // fall through
    }
    logger.warn({ path }, 'state file is not the JSON expected, starting from an empty state');
    return {};
  }
  return {
    load,
    async save(patch) {
      const next = { ...(await load()), ...patch };
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFileDurable(dir, NAME, `${JSON.stringify(next, null, 2)}\n`);
    },
  };
}
