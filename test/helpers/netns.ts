// A network namespace for one end-to-end test: a "school server" on its own link to this machine (a veth pair,
// a private /30), whose traffic nftables can drop and let through again. Needs root, iproute2 and nftables
// (gate the test with `has('root', 'ip', 'nft')`). Names carry the test process's pid, so parallel runs on one
// machine do not collide, and `destroy()` removes everything (the nft table lives and dies with the namespace).
import { spawnSync } from 'node:child_process';
import { findBinary } from './daemon-process.ts';

/** The nft table that cuts the namespace off (its name, in family `inet`). */
const CUT_TABLE = 'vigiecut';

export interface NetNamespace {
  /** The namespace's name (`ip netns exec <name> …`). */
  readonly name: string;
  /** This machine's end of the link (where a collector listens for the namespace). */
  readonly hostAddress: string;
  /** The namespace's end of the link. */
  readonly nsAddress: string;
  /** The command prefix that runs a program inside the namespace. */
  readonly exec: readonly string[];
  /** Drops every packet the namespace sends or receives (nft, inside the namespace): the link looks cut. */
  cut(): void;
  /** Removes the cut. */
  restore(): void;
  /** True while the cut is in place. */
  isCut(): boolean;
  /** Deletes the namespace and the veth pair; never throws (for afterAll, also after a failed setup). */
  destroy(): void;
}

function binary(name: string): string {
  const path = findBinary(name);
  if (path === undefined) throw new Error(`${name} is not installed`);
  return path;
}

/** Runs a command, throws with its stderr when it fails; returns its stdout. */
function run(cmd: string, args: readonly string[], input?: string): string {
  const res = spawnSync(cmd, args, { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${res.status}): ${res.stderr.trim()}`);
  return res.stdout;
}

/** Same, ignoring any failure (clean-up of what may not exist). */
function quietly(cmd: string, args: readonly string[]): void {
  spawnSync(cmd, args, { stdio: 'ignore' });
}

/**
 * A free /30 in 10.254.0.0/16, starting from the pid so that concurrent runs usually pick different ones, and
 * skipping any already on an interface of this machine.
 */
function freeSubnet(ip: string, seed: number): { host: string; ns: string } {
  for (let i = 0; i < 16_384; i += 1) {
    const base = ((seed + i) % 16_384) * 4;
    const prefix = `10.254.${Math.floor(base / 256)}`;
    const low = base % 256;
    const subnet = `${prefix}.${low}/30`;
    if (run(ip, ['-4', '-o', 'addr', 'show', 'to', subnet]).trim() === '') return { host: `${prefix}.${low + 1}`, ns: `${prefix}.${low + 2}` };
  }
  throw new Error('no free /30 in 10.254.0.0/16');
}

/**
 * Creates the namespace `vigie-<tag>-<pid>` with a veth pair to this machine and addresses on a /30. On failure,
 * whatever was made is removed before the error is thrown.
 */
export function createNetNamespace(tag: string): NetNamespace {
  const ip = binary('ip');
  const nft = binary('nft');
  const pid = process.pid;
  const name = `vigie-${tag}-${pid}`;
  // Interface names are at most 15 characters.
  const hostIf = `vgh${pid}`;
  const nsIf = `vgn${pid}`;
  const destroy = (): void => {
    quietly(ip, ['netns', 'delete', name]); // takes its end of the veth pair with it, so the pair is gone
    quietly(ip, ['link', 'delete', hostIf]); // in case the pair was made but not yet moved into the namespace
  };
  destroy(); // a leftover of an earlier run with the same pid
  try {
    const { host, ns } = freeSubnet(ip, pid);
    run(ip, ['netns', 'add', name]);
    run(ip, ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    run(ip, ['link', 'set', nsIf, 'netns', name]);
    run(ip, ['addr', 'add', `${host}/30`, 'dev', hostIf]);
    run(ip, ['link', 'set', hostIf, 'up']);
    run(ip, ['-n', name, 'addr', 'add', `${ns}/30`, 'dev', nsIf]);
    run(ip, ['-n', name, 'link', 'set', nsIf, 'up']);
    run(ip, ['-n', name, 'link', 'set', 'lo', 'up']);
    const inNs = [ip, 'netns', 'exec', name];
    const nftInNs = (args: readonly string[], input?: string) => run(inNs[0]!, [...inNs.slice(1), nft, ...args], input);
    let cut = false;
    return {
      name,
      hostAddress: host,
      nsAddress: ns,
      exec: inNs,
      cut() {
        // Both directions, as when the school's link goes down: nothing leaves, nothing comes in.
        nftInNs(
          ['-f', '-'],
          [
            `table inet ${CUT_TABLE} {`,
            '  chain out { type filter hook output priority 0; policy drop; }',
            '  chain in { type filter hook input priority 0; policy drop; }',
            '}',
            '',
          ].join('\n'),
        );
        cut = true;
      },
      restore() {
        nftInNs(['delete', 'table', 'inet', CUT_TABLE]);
        cut = false;
      },
      isCut: () => cut,
      destroy,
    };
  } catch (err) {
    destroy();
    throw err;
  }
}
