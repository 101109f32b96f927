// Reads accounts and groups through `getent` (Scribe backs NSS with its LDAP) and labels profiles.
import type { CommandRunner } from '../../system/command-runner.ts';
import type { Probe } from '../probe.ts';
import { parseGetentGroup, parseGetentPasswd } from './parse-getent.ts';
import { buildUserDirectory, type ProfileGroupsConfig, type UserDirectory } from './profile-map.ts';

export interface ProfileProbeConfig {
  /** Absolute path of getent. Default `/usr/bin/getent`. */
  getentPath: string;
  /** Timeout of one getent run (LDAP enumeration can be slow). Default 60 s. */
  timeoutMs: number;
  groups: ProfileGroupsConfig;
}

export function createProfileProbe(deps: { runner: Pick<CommandRunner, 'run'>; config: ProfileProbeConfig }): Probe<UserDirectory, 'profiles'> {
  const { runner, config } = deps;
  return {
    name: 'profiles',
    async run(ctx) {
      const options = { timeoutMs: config.timeoutMs, signal: ctx.signal };
      const [group, passwd] = await Promise.all([
        runner.run(config.getentPath, ['group'], options),
        runner.run(config.getentPath, ['passwd'], options),
      ]);
      return buildUserDirectory(parseGetentGroup(group.stdout), parseGetentPasswd(passwd.stdout), config.groups);
    },
  };
}
