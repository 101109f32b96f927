// The agent package's Creole files (deploy/eole/): the dictionary is well-formed (xmllint) and coherent with the
// template and the hooks (every variable used, declared or a known EOLE one, with French help); the template,
// rendered by real Cheetah with Creole's settings (test/helpers/creole-render.py) from config.eol fixtures,
// gives an agent.yaml the agent's own loader accepts, with the values the fixture set; the shell scripts pass
// shellcheck.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentConfig, type AgentConfig } from '../../../agent/config.ts';
import { fixturePath } from '../../helpers/fixtures.ts';
import { DEBIAN_PYTHON3, has } from '../../helpers/requirements.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const EOLE = join(ROOT, 'deploy/eole');
const DICO = join(EOLE, 'dicos/90_vigie.xml');
const TEMPLATE = join(EOLE, 'distrib/vigie-agent.yaml');
const HOOKS = [join(EOLE, 'posttemplate/90-vigie'), join(EOLE, 'diagnose/90-vigie')];
const SHELL_LIB = join(EOLE, 'lib/vigie-eole.sh');
const RENDER = join(ROOT, 'test/helpers/creole-render.py');

/** Variables of other EOLE dictionaries the template or the hooks read (guarded by is_defined in the template). */
const KNOWN_EOLE_VARIABLES = ['activer_proxy_client', 'proxy_client_adresse', 'proxy_client_port', 'activer_nut', 'nut_ups_name', 'nut_monitor_host'];

interface Described {
  variables: Record<string, { multi: boolean; type: string; default: unknown; family: string; help: string | null }>;
  familyHelp: Record<string, string>;
  files: Record<string, string>[];
  services: Record<string, string>[];
  conditions: { source: string; params: string[]; targets: [string, string][] }[];
}

function python(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(DEBIAN_PYTHON3, [RENDER, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The template rendered from a fixture, as Creole's reconfigure would write /etc/vigie/agent.yaml. */
function render(fixture: string): { status: number | null; stdout: string; stderr: string } {
  return python(['--config-eol', fixturePath('eole/vigie', fixture), '--dico', DICO, TEMPLATE]);
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** The rendered file through the agent's loader, with the token and CA files it names stubbed. */
function load(yaml: string): AgentConfig {
  const files: Record<string, string> = {
    '/etc/vigie/agent.yaml': yaml,
    '/etc/vigie/token': 'tok_0123456789abcdef\n',
    '/usr/local/share/ca-certificates/ac-poitiers.crt': PEM,
  };
  return loadAgentConfig({
    file: '/etc/vigie/agent.yaml',
    env: {},
    readFile: (p) => {
      if (!(p in files)) throw new Error(`ENOENT: ${p}`);
      return files[p]!;
    },
  });
}


describe.skipIf(!has('xmllint'))('90_vigie.xml with xmllint', () => {
  it('is well-formed XML', () => {
    const r = spawnSync('xmllint', ['--noout', DICO], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe.skipIf(!has('python3Cheetah'))('the Creole dictionary and template of the agent (real Cheetah)', () => {
  const described = (): Described => {
    const r = python(['--describe', '--dico', DICO]);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as Described;
  };
  const template = readFileSync(TEMPLATE, 'utf8');
  const hooks = HOOKS.map((f) => readFileSync(f, 'utf8')).join('\n');

  it('declares activer_vigie and the « Supervision Vigie » family, hidden with the file and the service when it is non', () => {
    const d = described();
    expect(Object.keys(d.variables).sort()).toEqual(
      ['activer_vigie', 'vigie_cle_enrolement', 'vigie_fichier_ca', 'vigie_heure_scan', 'vigie_intervalle_signal', 'vigie_url_collecteur'],
    );
    expect(d.variables['activer_vigie']).toMatchObject({ type: 'oui/non', default: 'non', family: 'services' });
    expect(d.variables['vigie_url_collecteur']).toMatchObject({ type: 'web_address', multi: true });
    expect(d.variables['vigie_cle_enrolement']).toMatchObject({ type: 'password' });
    expect(d.files).toEqual([expect.objectContaining({ name: '/etc/vigie/agent.yaml', source: 'vigie-agent.yaml', filelist: 'vigie' })]);
    expect(d.services).toEqual([expect.objectContaining({ name: 'vigie-agent', servicelist: 'vigie' })]);
    expect(d.conditions).toContainEqual({
      source: 'activer_vigie',
      params: ['non'],
      targets: [['family', 'Supervision Vigie'], ['filelist', 'vigie'], ['servicelist', 'vigie']],
    });
    expect(d.familyHelp['Supervision Vigie']).toMatch(/Vigie/);
  });

  it('uses every variable it declares in the template or a hook, and each has French help', () => {
    for (const [name, v] of Object.entries(described().variables)) {
      expect(template.includes(`%%${name}`) || hooks.includes(name), `${name} is used by the template or a hook`).toBe(true);
      expect(v.help, `help of ${name}`).toMatch(/\b(le|la|les|du|des|de|un|une|et)\b/);
      expect(v.help!.length, `help of ${name}`).toBeGreaterThan(40);
    }
  });

  it('declares every variable the template reads, unless it is a known EOLE variable', () => {
    const locals = new Set([...template.matchAll(/^%(?:set|for) %%([A-Za-z_]\w*)/gm)].map((m) => m[1]!));
    const used = new Set([...template.matchAll(/%%([A-Za-z_]\w*)/g)].map((m) => m[1]!).filter((n) => !locals.has(n) && n !== 'is_defined'));
    for (const m of template.matchAll(/is_defined\('([^']+)'\)/g)) used.add(m[1]!);
    const declared = Object.keys(described().variables);
    for (const name of used) expect([...declared, ...KNOWN_EOLE_VARIABLES], `template variable ${name}`).toContain(name);
    // The known ones come from other packages: the template must not break when they are absent.
    for (const name of KNOWN_EOLE_VARIABLES) expect(template, `${name} guarded`).toContain(`is_defined('${name}')`);
  });

  it('renders one collector, no proxy, the dictionary defaults (simple.eol)', () => {
    const r = render('simple.eol');
    expect(r.stderr).toBe('');
    const c = load(r.stdout);
    expect(c.collectorUrls).toEqual(['https://vigie.ac-poitiers.fr']);
    expect(c.tokenFile).toBe('/etc/vigie/token');
    expect(c.token).toBe('tok_0123456789abcdef');
    expect(c.heartbeatIntervalSeconds).toBe(60);
    expect(c.scan.cron).toBe('0 30 2 * * *');
    expect(c.scan.timezone).toBe('Europe/Paris');
    expect(c.proxy).toBeUndefined();
    expect(c.caFile).toBeUndefined();
    expect(r.stdout).not.toMatch(/ups/);
  });

  it("renders three collectors (index-keyed), the server's proxy and the CA file (proxy-ca-urls.eol)", () => {
    const r = render('proxy-ca-urls.eol');
    expect(r.stderr).toBe('');
    const c = load(r.stdout);
    expect(c.collectorUrls).toEqual(['https://vigie.ac-poitiers.fr', 'https://vigie-secours.ac-poitiers.fr:8443', 'http://10.86.0.12:9630']);
    expect(c.proxy).toEqual({ url: 'http://proxy.ac-poitiers.fr:8080' });
    expect(c.caFile).toBe('/usr/local/share/ca-certificates/ac-poitiers.crt');
    expect(c.ca).toBe(PEM);
    expect(c.heartbeatIntervalSeconds).toBe(120);
    expect(c.scan.cron).toBe('0 5 23 * * *');
  });

  it('renders a proxy given as a URL without port (3128), and the UPS of NUT with its monitor host (nut.eol)', () => {
    const r = render('nut.eol');
    expect(r.stderr).toBe('');
    const c = load(r.stdout);
    expect(c.collectorUrls).toEqual(['https://vigie.ac-poitiers.fr', 'https://vigie-secours.ac-poitiers.fr']);
    expect(c.proxy).toEqual({ url: 'http://proxy.etb.lan:3128' });
    expect(c.heartbeatIntervalSeconds).toBe(15);
    expect(c.scan.cron).toBe('0 0 0 * * *');
    expectUps(r.stdout, c, 'eaton@10.17.21.5');
  });

  it('renders the first UPS on localhost when NUT names no monitor host, one URL given as a string (nut-local.eol)', () => {
    const r = render('nut-local.eol');
    expect(r.stderr).toBe('');
    const c = load(r.stdout);
    expect(c.collectorUrls).toEqual(['http://vigie.ac-poitiers.fr:9630']);
    expect(c.proxy).toBeUndefined();
    expectUps(r.stdout, c, 'apc@localhost');
  });

  it('does not render agent.yaml when activer_vigie is non (desactive.eol)', () => {
    const r = render('desactive.eol');
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('/etc/vigie/agent.yaml: not rendered (filelist vigie disabled)');
  });
});

/** The UPS of the NUT configuration becomes the agent's `ups` keys. */
function expectUps(yaml: string, config: AgentConfig, name: string): void {
  expect(yaml).toContain(`ups:\n  enabled: 'true'\n  name: '${name}'\n`);
  expect(config).toMatchObject({ ups: { enabled: 'true', name } });
}

describe.skipIf(!has('shellcheck'))('the EOLE shell scripts with shellcheck', () => {
  it('finds nothing to say', () => {
    const r = spawnSync('shellcheck', ['-x', SHELL_LIB, ...HOOKS], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
