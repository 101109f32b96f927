// Starts a worker thread on a module of this code base. Built JavaScript (the shipped agent, scripts/build-agent.ts)
// starts the module directly. From TypeScript sources (bin/vigie-agent.js, vitest) a worker does not inherit the
// TypeScript loader, so it first calls `register()` of tsx's documented CommonJS API (`tsx/cjs/api`, resolved
// through the package's exports), then requires the module.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startModuleWorker(moduleUrl: URL, options: WorkerOptions): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  const tsxApi = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const code = `require(${JSON.stringify(tsxApi)}).register();\nrequire(${JSON.stringify(fileURLToPath(moduleUrl))});\n`;
  return new Worker(code, { ...options, eval: true });
}
