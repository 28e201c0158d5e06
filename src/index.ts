/**
 * labwire's public API: define a lab and a scenario, run it, read what it wrote.
 *
 *   import { defineLab, defineScenario, runScenario } from 'labwire';
 *
 * The CLI (`labwire run`, `labwire show`) is built on the same functions; property tests of
 * framing code live in `labwire/testing`.
 */
export { defineLab, defineScenario, buildLab, ScenarioError } from './sim/scenario.ts';
export type { LabSpec, MachineSpec, NetworkSpec, LinkSpec, ScenarioSpec, ProgramSpec, CaptureSpec, ServiceHostSpec } from './sim/scenario.ts';
export { validateScenario, scenarioIssues } from './sim/scenario-schema.ts';
export { parseDuration } from './sim/duration.ts';
export type { Duration } from './sim/duration.ts';
export { runScenario, DEFAULT_SEED } from './sim/run-scenario.ts';
export type { ScenarioRun, RunScenarioOptions, CaptureResult } from './sim/run-scenario.ts';
export { World } from './sim/world.ts';
export type { RunResult, WorldConfig } from './sim/world.ts';
export { formatStallReport } from './sim/stall.ts';
export type { StallReport } from './sim/stall.ts';
export { ms, s, us, ns, formatNanos } from './sim/time.ts';
export type { Nanos } from './sim/time.ts';
export { KERNEL_PROFILES, WSL2_PROFILE, CALIBRATION_PROFILE } from './stack/kernel/profile.ts';
export type { KernelProfile } from './stack/kernel/profile.ts';
export type { Program, ProgramContext, SocketModule } from './stack/socket/context.ts';
export { PyOSError } from './stack/socket/errors.ts';
export { dockerDns, zoneServer, unresponsiveServer } from './programs/dns-daemons.ts';
export { readCapture, readCaptureFile, openCaptureWriter } from './capture/index.ts';
