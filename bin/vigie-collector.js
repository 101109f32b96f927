#!/usr/bin/env node
// Runs the collector's TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../collector/cli.ts');
runCli(process.argv.slice(2));
