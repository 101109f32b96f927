import { checkUai } from '../../shared/uai.ts';
import { AppError } from '../../shared/errors.ts';
import { checkMachineName, type EoleInfo, type ServerIdentity } from '../../shared/protocol/index.ts';
import { eoleProxyUrl } from './eole-proxy.ts';
import type { CreoleValues } from './parse-config-eol.ts';

/** Who this server is, and where each part came from (logged at start). */
export interface AgentIdentity {
  readonly server: ServerIdentity;
  readonly eole: EoleInfo;
  readonly uaiSource: string;
  readonly machineSource: string;
  /** The proxy EOLE sets for the server's clients (config.eol), if enabled: the agent's last-resort proxy. */
  readonly eoleProxy?: string;
}

export interface IdentityInputs {
  /** Parsed config.eol, if it was found and readable. */
  readonly creole?: CreoleValues | undefined;
  readonly creoleSource: string;
  /** Parsed /etc/eole/release, if found. */
  readonly release?: ReadonlyMap<string, string> | undefined;
  /** `uai` and `machine` from the agent's own configuration (fallbacks). */
  readonly configured: { readonly uai?: string | undefined; readonly machine?: string | undefined };
  readonly hostname: string;
  /** Human-readable list of the places searched, for the "no UAI" message. */
  readonly searched: readonly string[];
}

const first = (v: CreoleValues | undefined, name: string): string | undefined => {
  const value = v?.get(name)?.[0]?.trim();
  return value === '' ? undefined : value;
};

/**
 * Decides the identity from EOLE's config first, then the agent's configuration, then the hostname.
 * The UAI is normalised to upper case and its check letter verified; without a UAI the agent refuses
 * to start, naming every place it looked.
 */
export function resolveIdentity(inputs: IdentityInputs): AgentIdentity {
  const fromEole = first(inputs.creole, 'numero_etab');
  const rawUai = fromEole ?? inputs.configured.uai;
  const uaiSource = fromEole !== undefined ? `${inputs.creoleSource} (numero_etab)` : 'agent configuration (uai)';
  if (rawUai === undefined) {
    throw new AppError(
      'ERR_IDENTITY_NO_UAI',
      `no school code (UAI) found: looked in ${inputs.searched.join(', ')}; set "uai" in the agent configuration or VIGIE_UAI`,
    );
  }
  const uai = checkUai(rawUai);
  if (!uai.ok) throw new AppError('ERR_IDENTITY_BAD_UAI', `${uaiSource}: UAI is invalid, ${uai.reason}`);

  const eoleMachine = first(inputs.creole, 'nom_machine');
  const machine = eoleMachine ?? inputs.configured.machine ?? inputs.hostname.split('.')[0]!;
  const machineSource =
    eoleMachine !== undefined ? `${inputs.creoleSource} (nom_machine)` : inputs.configured.machine !== undefined ? 'agent configuration (machine)' : 'hostname';
  const machineCheck = checkMachineName(machine);
  if (!machineCheck.ok) throw new AppError('ERR_IDENTITY_BAD_MACHINE', `${machineSource}: machine name is invalid, ${machineCheck.reason}`);

  const eole: EoleInfo = dropUndefined({
    module: first(inputs.creole, 'eole_module') ?? inputs.release?.get('EOLE_MODULE'),
    version: first(inputs.creole, 'eole_version') ?? inputs.release?.get('EOLE_VERSION'),
    release: first(inputs.creole, 'eole_release') ?? inputs.release?.get('EOLE_RELEASE'),
    establishment: first(inputs.creole, 'libelle_etab'),
    academy: first(inputs.creole, 'nom_academie'),
  });
  const eoleProxy = eoleProxyUrl(inputs.creole);
  return { server: { uai: uai.uai, machine }, eole, uaiSource, machineSource, ...(eoleProxy === undefined ? {} : { eoleProxy }) };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}
