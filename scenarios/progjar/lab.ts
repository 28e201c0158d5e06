// the lab moved to src/labs/progjar (exported as labwire/labs/progjar); this path keeps old imports working
export * from '../../src/labs/progjar/lab.ts';
