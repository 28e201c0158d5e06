// moved to src/labs/progjar/programs (exported from labwire/labs/progjar); this path keeps old imports working
export * from '../../../src/labs/progjar/programs/concurrent.ts';
