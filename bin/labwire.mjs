#!/usr/bin/env node
// The labwire command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';
register();
process.env.LABWIRE_CLI = '1';
await import('../src/cli/main.ts');
