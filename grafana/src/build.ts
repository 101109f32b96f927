// `npm run build:grafana`: writes every dashboard as JSON under grafana/dashboards/ (the files are committed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DASHBOARDS, renderDashboard } from './dashboards.ts';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dashboards');
mkdirSync(outDir, { recursive: true });
for (const entry of DASHBOARDS) {
  const path = join(outDir, entry.file);
  writeFileSync(path, renderDashboard(entry.build()));
  console.log(`wrote ${path}`);
}
