// The profile probe through the real getent of this machine (NSS files here; LDAP on a Scribe).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_GROUPS } from '../../../../../agent/probes/profiles/profile-map.ts';
import { createProfileProbe } from '../../../../../agent/probes/profiles/profile-probe.ts';
import { createCommandRunner } from '../../../../../agent/system/command-runner.ts';
import { has } from '../../../../helpers/requirements.ts';
import { probeContext } from '../../../../helpers/probe-context.ts';

const GETENT = '/usr/bin/getent';

describe.skipIf(!has('getent'))('profile probe with the real getent', () => {
  it('reads every account and labels system accounts autre', async () => {
    const probe = createProfileProbe({ runner: createCommandRunner(), config: { getentPath: GETENT, timeoutMs: 10_000, groups: DEFAULT_PROFILE_GROUPS } });
    const dir = await probe.run(probeContext());
    const passwd = execFileSync(GETENT, ['passwd'], { encoding: 'utf8' }).trim().split('\n');
    expect(dir.uidByLogin.size).toBe(new Set(passwd.map((l) => l.split(':')[0])).size);
    expect(dir.uidByLogin.get('root')).toBe(0);
    expect(dir.profiles.get('root')).toBe('autre');
  });

  it('labels members of a configured group', async () => {
    const groups = { ...DEFAULT_PROFILE_GROUPS, administratif: ['root'] }; // root's primary group, as a stand-in
    const dir = await createProfileProbe({ runner: createCommandRunner(), config: { getentPath: GETENT, timeoutMs: 10_000, groups } }).run(probeContext());
    expect(dir.profiles.get('root')).toBe('administratif');
  });
});
