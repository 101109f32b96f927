// What one module costs the packaged agent in resident memory: each case is a few lines of code bundled the way
// the package bundles the agent (esbuild, ES modules), run under the package's own node with its flags, its VmRSS
// read after a few seconds, beside the empty program (a timer alone). Cases run one after another, `--runs` times
// each (median). A case that talks (`{URL}` in its code) gets a loopback HTTP server answering 200 `{}` in this
// process.
//
//   npm run bench:module-footprint [-- --runs 3 --seconds 4 --only pino,undici] [-- --case "name=import 'node:tls';"]
//
// Prints a table, then as its last line a JSON object with each case's RSS and its difference to the empty one.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { cachedAgentPackage, NODE_FLAGS, REPO_ROOT } from '../scripts/lib/agent-package.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, seconds: { type: 'string', default: '4' }, only: { type: 'string' }, case: { type: 'string', multiple: true } } });
const RUNS = Number(values.runs);
const SECONDS = Number(values.seconds);

const KEEP = 'globalThis.kept = [];\nsetInterval(() => {}, 1000);\n';
const EVERY_SECOND = (body: string) => `setInterval(async () => { try { ${body} } catch {} }, 1000);\n`;

/** name → code (imports first). `kept.push(x)` keeps an object alive as the agent would. */
const CASES: Record<string, string> = {
  empty: KEEP,
  'node:http + node:https': `import * as http from 'node:http';\nimport * as https from 'node:https';\n${KEEP}kept.push(http, https);\n`,
  'node:http(s) transport, a POST a second': `import { httpTransport } from './agent/delivery/http-transport.ts';\nimport { Agent } from 'node:http';\nimport 'node:https';\n${KEEP}const agent = new Agent({ keepAlive: true, maxSockets: 2 });\n${EVERY_SECOND("await httpTransport({ url: '{URL}', body: '{}', headers: { 'content-type': 'application/json' }, timeoutMs: 900, agent });")}`,
  'https-proxy-agent + http-proxy-agent': `import { HttpsProxyAgent } from 'https-proxy-agent';\nimport { HttpProxyAgent } from 'http-proxy-agent';\n${KEEP}kept.push(new HttpsProxyAgent('http://127.0.0.1:3128'), new HttpProxyAgent('http://127.0.0.1:3128'));\n`,
  'undici, a POST a second': `import { request } from 'undici';\n${KEEP}${EVERY_SECOND("await (await request('{URL}', { method: 'POST', body: '{}' })).body.text();")}`,
  'pino, sync destination': `import { pino } from 'pino';\n${KEEP}const log = pino({ level: 'info', redact: ['token'] }, pino.destination({ dest: '/dev/null', sync: true }));\n${EVERY_SECOND("log.warn({ a: 1 }, 'beat');")}`,
  'pino, default destination': `import { pino } from 'pino';\n${KEEP}const log = pino({ level: 'info', redact: ['token'] }, pino.destination('/dev/null'));\n${EVERY_SECOND("log.warn({ a: 1 }, 'beat');")}`,
  yaml: `import { parse } from 'yaml';\n${KEEP}kept.push(parse('a: 1\\nb: [x, y]\\n'));\n`,
  'agent config (yaml + TypeBox), loaded once': `import { loadAgentConfig } from './agent/config.ts';\n${KEEP}kept.push(loadAgentConfig({ env: { VIGIE_COLLECTOR_URL: 'http://127.0.0.1:1', VIGIE_TOKEN: 'vigie_0123456789abcdef' } }));\n`,
};

for (const c of values.case ?? []) {
  const at = c.indexOf('=');
  CASES[c.slice(0, at)] = `${c.slice(at + 1)}\n${KEEP}`;
}

const pkg = await cachedAgentPackage();
const node = join(pkg.libDir, 'node');
const dir = mkdtempSync(join(tmpdir(), 'vigie-module-footprint-'));

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/heartbeat`;

async function bundle(name: string, code: string): Promise<string> {
  const outfile = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.mjs`);
  await build({
    stdin: { contents: code.replaceAll('{URL}', url), resolveDir: REPO_ROOT, loader: 'ts', sourcefile: 'case.ts' },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: "import { createRequire as __vigieCreateRequire } from 'node:module'; const require = __vigieCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return outfile;
}

async function rssMb(script: string): Promise<number> {
  const proc = spawn(node, [...NODE_FLAGS, script], { stdio: ['ignore', 'ignore', 'inherit'] });
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))![1]);
  await new Promise<void>((done) => {
    proc.once('exit', () => done());
    proc.kill('SIGTERM');
  });
  return kb / 1024;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const only = values.only?.split(',');
const added = new Set((values.case ?? []).map((c) => c.slice(0, c.indexOf('='))));
const names = Object.keys(CASES).filter((n) => n === 'empty' || added.has(n) || (only === undefined ? added.size === 0 : only.some((o) => n.includes(o))));
const scripts = new Map<string, string>();
for (const name of names) scripts.set(name, await bundle(name, CASES[name]!));
const samples = new Map<string, number[]>(names.map((n) => [n, []]));
for (let run = 0; run < RUNS; run++) {
  for (const name of names) samples.get(name)!.push(await rssMb(scripts.get(name)!));
}
server.close();

const empty = median(samples.get('empty')!);
const results = names.map((name) => {
  const rss = median(samples.get(name)!);
  return { name, rssMb: Number(rss.toFixed(1)), aboveEmptyMb: Number((rss - empty).toFixed(1)) };
});
process.stdout.write(`module footprint (VmRSS after ${SECONDS} s, median of ${RUNS}, package's node and flags)\n`);
for (const r of results) process.stdout.write(`${r.name.padEnd(44)} ${r.rssMb.toFixed(1).padStart(7)} MB ${(r.aboveEmptyMb >= 0 ? '+' : '') + r.aboveEmptyMb.toFixed(1)} MB\n`);
process.stdout.write(`${JSON.stringify({ bench: 'module-footprint', runs: RUNS, seconds: SECONDS, nodeFlags: NODE_FLAGS, results })}\n`);
