#!/usr/bin/env node
// The tablestore-local command: loads the TypeScript sources through tsx (a dependency) and runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
