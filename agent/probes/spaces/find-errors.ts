// GNU find's complaints on stderr (run with LC_ALL=C) → errors as data: `find: '/x/y': Permission denied` gives
// the path (find quotes it C-style: \n, \ooo octal bytes, \\ and \' escaped) and the errno code (EACCES).
// Pure. Paths are byte strings (latin1), as everywhere in the walker.
import { getSystemErrorMap } from 'node:util';

export interface FindComplaint {
  /** Absolute path (byte string), or null when the line names none. */
  path: string | null;
  /** errno code (EACCES…), or EFIND for a message that is not an errno text. */
  code: string;
}

// glibc's strerror texts whose libuv wording differs (the rest are matched against libuv's, ignoring case).
const GLIBC: Readonly<Record<string, string>> = {
  'permission denied': 'EACCES',
  'no such file or directory': 'ENOENT',
  'not a directory': 'ENOTDIR',
  'too many levels of symbolic links': 'ELOOP',
  'input/output error': 'EIO',
  'stale file handle': 'ESTALE',
  'cannot allocate memory': 'ENOMEM',
  'too many open files': 'EMFILE',
  'file name too long': 'ENAMETOOLONG',
  'structure needs cleaning': 'EUCLEAN',
};

function codeOf(message: string): string {
  const text = message.trim().toLowerCase();
  const known = GLIBC[text];
  if (known !== undefined) return known;
  for (const [name, msg] of getSystemErrorMap().values()) if (msg.toLowerCase() === text) return name;
  return 'EFIND';
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Reads a C-style quoted name starting after its opening quote; returns the bytes and the index after the closing quote. */
function unquote(line: string, from: number): { text: string; next: number } | undefined {
  let text = '';
  let i = from;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === "'") return { text, next: i + 1 };
    if (ch !== '\\') {
      text += ch;
      i += 1;
      continue;
    }
    const e = line[i + 1] ?? '';
    const octal = /^[0-7]{1,3}/.exec(line.slice(i + 1, i + 4));
    if (octal !== null) {
      text += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
      i += 1 + octal[0].length;
    } else {
      text += ESCAPES[e] ?? e;
      i += 2;
    }
  }
  return undefined;
}

/** One stderr line of find (a byte string, without its newline), which starts with find's own path: `/usr/bin/find: '…': …`. */
export function parseFindComplaint(line: string): FindComplaint {
  const at = line.indexOf(": '");
  if (at >= 0) {
    const q = unquote(line, at + 3);
    if (q !== undefined && line.startsWith(': ', q.next)) return { path: q.text, code: codeOf(line.slice(q.next + 2)) };
  }
  return { path: null, code: 'EFIND' };
}

/**
 * Splits find's stderr into complete lines (byte strings). find quotes names, so a raw newline only ends a message.
 */
export function createLineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  let rest = '';
  return {
    push(chunk) {
      const lines = (rest + chunk.toString('latin1')).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) if (l !== '') onLine(l);
    },
    end() {
      if (rest !== '') onLine(rest);
      rest = '';
    },
  };
}
