// Pure parsers of `getent group` and `getent passwd` output (colon-separated, one entry per line).
import { AppError } from '../../../shared/errors.ts';

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export interface PasswdEntry {
  login: string;
  uid: number;
  gid: number;
  home: string;
}

function bad(what: string, line: number, expected: string, got: string): AppError {
  return new AppError('ERR_GETENT_PARSE', `getent ${what} line ${line}: expected ${expected} (got '${got.slice(0, 120)}')`, { details: { line } });
}

function lines(text: string): Array<[number, string]> {
  return text
    .split('\n')
    .map((l, i): [number, string] => [i + 1, l.endsWith('\r') ? l.slice(0, -1) : l])
    .filter(([, l]) => l.trim() !== '');
}

/** `name:x:gid:member1,member2` (group names may contain spaces, e.g. `domain users`). */
export function parseGetentGroup(text: string): GroupEntry[] {
  return lines(text).map(([n, line]) => {
    const f = line.split(':');
    if (f.length !== 4) throw bad('group', n, "4 fields 'name:password:gid:members'", line);
    const [name = '', , gid = '', members = ''] = f;
    if (name === '' || !/^[0-9]+$/.test(gid)) throw bad('group', n, 'a name and a numeric gid', line);
    return { name, gid: Number(gid), members: members === '' ? [] : members.split(',').map((m) => m.trim()).filter((m) => m !== '') };
  });
}

/** `login:x:uid:gid:gecos:home:shell`. */
export function parseGetentPasswd(text: string): PasswdEntry[] {
  return lines(text).map(([n, line]) => {
    const f = line.split(':');
    if (f.length !== 7) throw bad('passwd', n, "7 fields 'login:password:uid:gid:gecos:home:shell'", line);
    const [login = '', , uid = '', gid = '', , home = ''] = f;
    if (login === '' || !/^[0-9]+$/.test(uid) || !/^[0-9]+$/.test(gid)) throw bad('passwd', n, 'a login and numeric uid and gid', line);
    return { login, uid: Number(uid), gid: Number(gid), home };
  });
}
