// Starts a worker thread on a module of this code base. Run from TypeScript sources (tsx, vitest), a worker
// does not inherit the TypeScript loader, so it first registers tsx's CommonJS hook (synchronous, no extra
// loader thread), then requires the module; from built JavaScript it starts the module directly.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startModuleWorker(moduleUrl: URL, options: WorkerOptions): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  // The `require` entry of `tsx/cjs/api`, found from the package's own location.
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = join(tsxDir, 'dist/cjs/api/index.cjs');
  const code = `require(${JSON.stringify(tsxApi)}).register();\nrequire(${JSON.stringify(fileURLToPath(moduleUrl))});\n`;
  return new Worker(code, { ...options, eval: true });
}
