// Bundles the agent into one ES module (dist/vigie-agent.mjs) that plain `node` runs without tsx:
// what a Scribe server installs. Worker-thread entry points are bundled beside it.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const workers = readdirSync(join(root, 'agent/probes/spaces'), { recursive: true, encoding: 'utf8' })
  .filter((f) => /worker\.ts$/.test(f))
  .map((f) => join(root, 'agent/probes/spaces', f));
await build({
  entryPoints: [join(root, 'agent/cli-entry.ts'), ...workers],
  outdir: join(root, 'dist'),
  entryNames: '[name]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: false,
  sourcemap: true,
  // Some dependencies are CommonJS and call require(): give the ES module a require().
  banner: { js: "import { createRequire as __vigieCreateRequire } from 'node:module'; const require = __vigieCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
process.stdout.write(`built dist/cli-entry.mjs${workers.length ? ` and ${workers.length} worker(s)` : ''}\n`);
