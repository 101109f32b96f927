// Reads accounts and groups through `getent` (Scribe backs NSS with its LDAP) and labels profiles.
import type { CommandRunner } from '../../system/command-runner.ts';
import { parseGetentGroup, parseGetentPasswd } from './parse-getent.ts';
import { buildUserDirectory, type ProfileGroupsConfig, type UserDirectory } from './profile-map.ts';

export interface ProfileProbeConfig {
  /** Absolute path of getent. Default `/usr/bin/getent`. */
  getentPath: string;
  /** Timeout of one getent run (LDAP enumeration can be slow). Default 60 s. */
  timeoutMs: number;
  groups: ProfileGroupsConfig;
}

export interface ProfileProbe {
  collect(): Promise<UserDirectory>;
}

export function createProfileProbe(deps: { runner: CommandRunner; config: ProfileProbeConfig }): ProfileProbe {
  const { runner, config } = deps;
  return {
    async collect() {
      const [group, passwd] = await Promise.all([
        runner.run(config.getentPath, ['group'], { timeoutMs: config.timeoutMs }),
        runner.run(config.getentPath, ['passwd'], { timeoutMs: config.timeoutMs }),
      ]);
      return buildUserDirectory(parseGetentGroup(group.stdout), parseGetentPasswd(passwd.stdout), config.groups);
    },
  };
}
