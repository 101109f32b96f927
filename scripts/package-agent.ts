// `npm run package:agent`: the agent as Scribe servers install it, with no Node.js needed on the server:
// dist/package/vigie-agent_<version>_amd64.deb (and the tree it was built from, dist/package/root).
// See scripts/lib/agent-package.ts for what goes in, and deploy/debian/ for the control files.
import { join } from 'node:path';
import { buildAgentPackage, REPO_ROOT, requiredGlibc } from './lib/agent-package.ts';

const started = performance.now();
const pkg = await buildAgentPackage(join(REPO_ROOT, 'dist/package'));
const glibc = requiredGlibc(join(pkg.libDir, 'node'));
process.stdout.write(`built ${pkg.deb} in ${((performance.now() - started) / 1000).toFixed(1)} s (runtime needs glibc ≥ ${glibc})\n`);
