/**
 * labwire/testing: property tests of framing code against the ways TCP really chunks a
 * byte stream.
 *
 * Contract:
 * - `chunkings(stream)` is a fast-check arbitrary of read splits, no simulation: biased
 *   toward the splits that break framing code, shrinking toward one or two reads.
 * - `tcpChunkings(writes)` sends the writes through labwire's TCP between two simulated
 *   Linux hosts under drawn conditions (MSS, Nagle, buffers, a slow reader, latency, loss)
 *   and yields the chunks the reading application got from recv(n), with the seed and the
 *   parameters that reproduce them, and the run's capture on demand.
 * - `programRuns(writes, program)` runs a reader written as a program on the simulated host
 *   (Python-style sockets) under the same drawn conditions, for fc.asyncProperty.
 * - A failing counterexample prints its chunks, seed and parameters, and for a simulated
 *   run the path of a pcap of that run, written only then (fast-check stringifies only the
 *   counterexample unless `verbose` is set, which would write one capture per listed failure).
 *
 * Rules: nothing here reads a clock or draws a random number of its own; every choice is
 * drawn by fast-check, and randomness inside a simulation comes from the run's seed.
 */
export { chunkings, type ChunkingsOptions } from './chunkings.ts';
export { describeChunking, concatBytes, type Chunking } from './chunking.ts';
export { feed, type ChunkReader } from './feed.ts';
export type { StreamInput } from './stream.ts';
export { tcpChunkings, runTcpChunking, describeTcpChunking, type TcpChunking, type TcpChunkingsOptions } from './tcp-chunkings.ts';
export { tcpParams, describeParams, QUIET, type TcpParams, type TcpParamsOverrides } from './tcp-params.ts';
export { programRuns, runProgramReader, describeProgramRun, type ProgramReader, type ProgramRun, type ProgramCase } from './program.ts';
export { captureDir } from './capture.ts';
export { TcpRunError } from './run-tcp.ts';
export { chunkingScenario } from './scenario.ts';
export type { PairStats as WireStats } from './pair.ts';
