import { describe, expect, it } from 'vitest';
import { parseGetentGroup, parseGetentPasswd } from '../../../../../agent/probes/profiles/parse-getent.ts';
import { buildUserDirectory, DEFAULT_PROFILE_GROUPS, profileOf } from '../../../../../agent/probes/profiles/profile-map.ts';
import { createProfileProbe } from '../../../../../agent/probes/profiles/profile-probe.ts';
import type { CommandRunner } from '../../../../../agent/system/command-runner.ts';
import { isAppError } from '../../../../../shared/errors.ts';
import { probeContext } from '../../../../helpers/probe-context.ts';

// Shaped like `getent group` / `getent passwd` on an AD-era Scribe (LDAP through NSS), names anonymised.
const GETENT_GROUP = `root:x:0:
mail:x:8:
domain users:*:513:
DomainAdmins:*:1001:admin
professeurs:*:10001:prof.martin,p.durand,adminrupn
eleves:*:10002:lea.petit,tom.roux
administratifs:*:10003:s.bernard,adminrupn
3a:*:10010:lea.petit,tom.roux
profs-3a:*:10011:prof.martin,p.durand
eleves-0860021f:*:10020:zoe.blanc
etb1-4eme:*:10021:zoe.blanc
`;
const GETENT_PASSWD = `root:x:0:0:root:/root:/bin/bash
admin:*:1000:513:admin:/home/a/admin:/bin/false
adminrupn:*:1002:513:RUPN:/home/a/adminrupn:/bin/false
prof.martin:*:2001:513:Martin:/home/p/prof.martin:/bin/false
p.durand:*:2002:513:Durand:/home/p/p.durand:/bin/false
lea.petit:*:3001:513:Petit:/home/l/lea.petit:/bin/false
tom.roux:*:3002:10002:Roux:/home/t/tom.roux:/bin/false
s.bernard:*:4001:513:Bernard:/home/s/s.bernard:/bin/false
zoe.blanc:*:3003:513:Blanc:/home/z/zoe.blanc:/bin/false
nouveau:*:3004:10002:Nouveau:/home/n/nouveau:/bin/false
`;

describe('parseGetentGroup / parseGetentPasswd', () => {
  it('reads groups with spaces in names and empty member lists', () => {
    const groups = parseGetentGroup(GETENT_GROUP);
    expect(groups).toHaveLength(11);
    expect(groups[2]).toEqual({ name: 'domain users', gid: 513, members: [] });
    expect(groups[4]).toEqual({ name: 'professeurs', gid: 10001, members: ['prof.martin', 'p.durand', 'adminrupn'] });
  });

  it('reads passwd entries', () => {
    expect(parseGetentPasswd(GETENT_PASSWD)[1]).toEqual({ login: 'admin', uid: 1000, gid: 513, home: '/home/a/admin' });
  });

  it.each([
    ['group', 'eleves:*:notanumber:a\n', /getent group line 1/],
    ['group', 'root:x:0:\nbroken\n', /getent group line 2: expected 4 fields/],
    ['passwd', 'a:x:1:2:g:/h\n', /getent passwd line 1: expected 7 fields/],
  ] as const)('rejects bad %s lines with the line number', (kind, text, message) => {
    let caught: unknown;
    try {
      if (kind === 'group') parseGetentGroup(text);
      else parseGetentPasswd(text);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'ERR_GETENT_PARSE')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('buildUserDirectory', () => {
  const dir = buildUserDirectory(parseGetentGroup(GETENT_GROUP), parseGetentPasswd(GETENT_PASSWD), DEFAULT_PROFILE_GROUPS);

  it.each([
    ['prof.martin', 'enseignant'],
    ['lea.petit', 'eleve'],
    ['tom.roux', 'eleve'],
    ['s.bernard', 'administratif'],
    ['adminrupn', 'enseignant'], // in professeurs and administratifs: priority enseignant first
    ['zoe.blanc', 'eleve'], // multi-établissement eleves-<rne>
    ['nouveau', 'eleve'], // only through the primary gid
    ['admin', 'autre'],
    ['root', 'autre'],
  ])('%s → %s', (login, profile) => {
    expect(dir.profiles.get(login)).toBe(profile);
  });

  it('maps uid and login both ways', () => {
    expect(dir.uidByLogin.get('lea.petit')).toBe(3001);
    expect(dir.loginByUid.get(4001)).toBe('s.bernard');
  });

  it('follows configured group names and priority', () => {
    const config = { eleve: ['pupils'], enseignant: ['teachers'], administratif: ['staff*'], priority: ['administratif', 'enseignant', 'eleve'] as const };
    expect(profileOf(['teachers', 'staff-office'], { ...config, priority: [...config.priority] })).toBe('administratif');
    expect(profileOf(['eleves'], { ...config, priority: [...config.priority] })).toBe('autre');
  });
});

describe('createProfileProbe', () => {
  it('runs getent group and getent passwd through the runner', async () => {
    const calls: string[] = [];
    const runner: Pick<CommandRunner, 'run'> = {
      run(binary, args) {
        calls.push(`${binary} ${args.join(' ')}`);
        return Promise.resolve({ stdout: args[0] === 'group' ? GETENT_GROUP : GETENT_PASSWD, stderr: '' });
      },
    };
    const probe = createProfileProbe({ runner, config: { getentPath: '/usr/bin/getent', timeoutMs: 1000, groups: DEFAULT_PROFILE_GROUPS } });
    const dir = await probe.run(probeContext());
    expect(calls.sort()).toEqual(['/usr/bin/getent group', '/usr/bin/getent passwd']);
    expect(dir.profiles.get('p.durand')).toBe('enseignant');
  });
});
