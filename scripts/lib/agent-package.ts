// Builds the agent as Scribe servers install it: an esbuild bundle (ES modules, split so that the nightly scan's
// code is a chunk loaded only when a scan runs) with its own stripped copy of the `node` binary, under
// /usr/lib/vigie-agent, started by /usr/bin/vigie-agent; then the Debian package around it (dpkg-deb alone).
// Why a bundle beside its own node rather than a single executable application: docs/BENCHMARKS.md, Footprint.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/**
 * Flags of the shipped runtime, in /usr/bin/vigie-agent: a capped old space, a young generation of 1 MiB
 * semi-spaces (Node's default lets it grow to 16 MiB each, resident memory the agent's few allocations per beat
 * never need), and no optimizing compiler (TurboFan): once the heartbeat's functions grow hot it compiles them,
 * paging in its own code and keeping optimized code, ≈ 5 MB of resident memory for a loop that runs once a minute;
 * the interpreter and Sparkplug are enough for it; the nightly walk with the default `find` walker is as fast,
 * the `node` walker ≈ 13 % slower on a warm cache (docs/BENCHMARKS.md, Footprint). The empty program of `bench:footprint` runs with the same flags.
 */
export const NODE_FLAGS = ['--max-old-space-size=96', '--max-semi-space-size=1', '--no-opt'];

/** Where the package puts the runtime and the bundle, and the start script. */
export const LIB_DIR = 'usr/lib/vigie-agent';
export const BIN_PATH = 'usr/bin/vigie-agent';

/**
 * The EOLE files (deploy/eole/) and where the package puts them: Creole's dictionary and template, the reconfigure
 * and diagnose hooks, and the shell functions they share. Off EOLE nothing reads these folders: they are inert.
 */
export const EOLE_FILES: readonly { readonly from: string; readonly to: string; readonly mode: number }[] = [
  { from: 'dicos/90_vigie.xml', to: 'usr/share/eole/creole/dicos/90_vigie.xml', mode: 0o644 },
  { from: 'distrib/vigie-agent.yaml', to: 'usr/share/eole/creole/distrib/vigie-agent.yaml', mode: 0o644 },
  { from: 'posttemplate/90-vigie', to: 'usr/share/eole/posttemplate/90-vigie', mode: 0o755 },
  { from: 'diagnose/90-vigie', to: 'usr/share/eole/diagnose/90-vigie', mode: 0o755 },
  { from: 'lib/vigie-eole.sh', to: 'usr/share/vigie-agent/eole.sh', mode: 0o644 },
];

export interface AgentPackage {
  readonly version: string;
  /** The `.deb` file. */
  readonly deb: string;
  /** The package's tree before dpkg-deb (usr/, etc/, lib/, DEBIAN/). */
  readonly stage: string;
  /** `<stage>/usr/lib/vigie-agent`: node, vigie-agent.mjs, chunks, walker workers. */
  readonly libDir: string;
  /** `<stage>/usr/bin/vigie-agent`. */
  readonly bin: string;
}

function sh(bin: string, args: string[], opts: { cwd?: string } = {}): string {
  return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...opts });
}

function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

/** The package version: package.json's (a native Debian package: no revision). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Bundles the agent into `libDir`: vigie-agent.mjs, its lazily loaded chunks, and one .mjs per walker worker. */
export async function bundleAgent(libDir: string): Promise<void> {
  const spaces = join(REPO_ROOT, 'agent/probes/spaces');
  const entryPoints: Record<string, string> = { 'vigie-agent': join(REPO_ROOT, 'agent/cli-entry.ts') };
  for (const f of readdirSync(spaces, { recursive: true, encoding: 'utf8' })) {
    if (/worker\.ts$/.test(f)) entryPoints[f.replace(/^.*\//, '').replace(/\.ts$/, '')] = join(spaces, f);
  }
  await build({
    entryPoints,
    outdir: libDir,
    entryNames: '[name]',
    // Chunks beside the entries: the walker pool finds its worker as `./walk-worker.mjs` from its own chunk.
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    // Some dependencies are CommonJS and call require(): give each ES module a require().
    banner: { js: "import { createRequire as __vigieCreateRequire } from 'node:module'; const require = __vigieCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

/** Copies the running `node` into `dest`, stripped of its symbols (≈ 99 → 86 MB). */
export function copyRuntime(dest: string): void {
  copyFileSync(process.execPath, dest);
  chmodSync(dest, 0o755);
  sh('strip', ['--strip-all', dest]);
}

/** The highest GLIBC_x.y symbol version an ELF binary needs (the oldest glibc it runs on). */
export function requiredGlibc(binary: string): string {
  // The version-needs section lists each GLIBC_x.y the binary needs once.
  const versions = [...sh('readelf', ['-V', '--wide', binary]).matchAll(/Name: GLIBC_(\d+)\.(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  versions.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const top = versions[versions.length - 1];
  if (!top) throw new Error(`${binary}: no GLIBC symbol versions found`);
  return `${top[0]}.${top[1]}`;
}

function writeText(path: string, text: string, mode: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, mode);
}

/** Builds the whole package under `outDir` (emptied first): the staged tree and `vigie-agent_<version>_amd64.deb`. */
export async function buildAgentPackage(outDir: string): Promise<AgentPackage> {
  const version = packageVersion();
  const debian = join(REPO_ROOT, 'deploy/debian');
  const stage = join(outDir, 'root');
  rmSync(outDir, { recursive: true, force: true });
  const libDir = join(stage, LIB_DIR);
  mkdirSync(libDir, { recursive: true });

  await bundleAgent(libDir);
  copyRuntime(join(libDir, 'node'));
  for (const f of listFiles(libDir)) chmodSync(f, f.endsWith('/node') ? 0o755 : 0o644);

  const subst = (text: string) => text.replaceAll('@VERSION@', version).replaceAll('@NODE_FLAGS@', NODE_FLAGS.join(' '));
  const bin = join(stage, BIN_PATH);
  writeText(bin, subst(readFileSync(join(debian, 'vigie-agent'), 'utf8')), 0o755);
  writeText(join(stage, 'lib/systemd/system/vigie-agent.service'), readFileSync(join(REPO_ROOT, 'deploy/vigie-agent.service'), 'utf8'), 0o644);
  writeText(join(stage, 'etc/vigie/agent.yaml'), readFileSync(join(REPO_ROOT, 'deploy/agent.example.yaml'), 'utf8'), 0o644);
  const doc = join(stage, 'usr/share/doc/vigie-agent');
  writeText(join(doc, 'copyright'), readFileSync(join(debian, 'copyright'), 'utf8'), 0o644);
  mkdirSync(doc, { recursive: true });
  // gzip -9n: no name, no time stamp (reproducible, as lintian wants).
  writeFileSync(join(doc, 'changelog.gz'), gzipSync(Buffer.from(subst(readFileSync(join(debian, 'changelog'), 'utf8'))), { level: 9 }));
  chmodSync(join(doc, 'changelog.gz'), 0o644);
  const man = join(stage, 'usr/share/man/man1/vigie-agent.1.gz');
  mkdirSync(dirname(man), { recursive: true });
  writeFileSync(man, gzipSync(Buffer.from(subst(readFileSync(join(debian, 'vigie-agent.1'), 'utf8'))), { level: 9 }));
  chmodSync(man, 0o644);
  writeText(join(stage, 'usr/share/lintian/overrides/vigie-agent'), readFileSync(join(debian, 'lintian-overrides'), 'utf8'), 0o644);
  for (const f of EOLE_FILES) writeText(join(stage, f.to), readFileSync(join(REPO_ROOT, 'deploy/eole', f.from), 'utf8'), f.mode);

  // Control area: md5sums of every file but the conffiles, Installed-Size in KiB.
  const files = listFiles(stage);
  const control = join(stage, 'DEBIAN');
  const conffiles = readFileSync(join(debian, 'conffiles'), 'utf8');
  const md5 = files
    .filter((f) => !conffiles.includes(`/${relative(stage, f)}\n`))
    .map((f) => `${createHash('md5').update(readFileSync(f)).digest('hex')}  ${relative(stage, f)}\n`)
    .join('');
  const installedKib = files.reduce((n, f) => n + Math.ceil(statSync(f).size / 1024), 0);
  writeText(join(control, 'control'), subst(readFileSync(join(debian, 'control'), 'utf8')).replace('@INSTALLED_SIZE@', String(installedKib)), 0o644);
  writeText(join(control, 'conffiles'), conffiles, 0o644);
  writeText(join(control, 'md5sums'), md5, 0o644);
  for (const script of ['postinst', 'prerm', 'postrm']) writeText(join(control, script), readFileSync(join(debian, script), 'utf8'), 0o755);
  sh('find', [stage, '-type', 'd', '-exec', 'chmod', '0755', '{}', '+']);

  const deb = join(outDir, `vigie-agent_${version}_amd64.deb`);
  // gzip rather than xz: 5 s instead of a minute on two cores, for a package ≈ 30 % larger (dpkg ≥ 1.19 reads both).
  sh('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', stage, deb]);
  return { version, deb, stage, libDir, bin };
}

/** A digest of everything the package is built from: sources, lock file, packaging files and the node binary. */
export function packageSourceKey(): string {
  const hash = createHash('sha256');
  for (const dir of ['agent', 'shared', 'deploy', 'scripts/lib']) {
    for (const f of listFiles(join(REPO_ROOT, dir))) hash.update(relative(REPO_ROOT, f)).update(readFileSync(f));
  }
  hash.update(readFileSync(join(REPO_ROOT, 'package-lock.json')));
  const node = statSync(process.execPath);
  hash.update(`${process.execPath}:${process.version}:${node.size}:${node.mtimeMs}`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The package built from the current sources, reused from a temp dir while they do not change (tests and the
 * footprint bench call this; a build takes ≈ 10 s, mostly stripping and compressing the runtime).
 */
export async function cachedAgentPackage(): Promise<AgentPackage> {
  const dir = join(tmpdir(), `vigie-agent-package-${packageSourceKey()}`);
  const done = join(dir, 'package.json');
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as AgentPackage;
  const building = `${dir}.${process.pid}`;
  const pkg = await buildAgentPackage(building);
  try {
    renameSync(building, dir);
  } catch (err) {
    // Another process built the same sources meanwhile: keep its copy.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(done)) throw err;
  }
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as AgentPackage;
  const moved: AgentPackage = {
    version: pkg.version,
    deb: join(dir, relative(building, pkg.deb)),
    stage: join(dir, 'root'),
    libDir: join(dir, 'root', LIB_DIR),
    bin: join(dir, 'root', BIN_PATH),
  };
  writeFileSync(done, JSON.stringify(moved));
  return moved;
}
