#!/usr/bin/env node
// Runs the agent's TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../agent/cli.ts');
runCli(process.argv.slice(2));
