/**
 * The one place a scenario is checked before anything runs: `validateScenario(value, file)`.
 *
 * It takes anything (a module's default export, a fuzzer's output), checks every field's type
 * with its path (`programs[1].run: expected a function, got undefined`), names unknown fields
 * with the closest known one, then checks what refers to what (machines, interfaces, subnets,
 * duplicate addresses) through `buildLab`. It returns the scenario with durations in
 * nanoseconds, or throws one `ScenarioError` listing every problem found. Nothing else is
 * thrown for any input: a fuzz target can call it directly.
 */
import { KERNEL_PROFILES, type KernelProfile } from '../stack/kernel/profile.ts';
import type { Program, ResolverFactory } from '../stack/socket/context.ts';
import { buildLab, ScenarioError, type CaptureSpec, type LabSpec, type LinkEventSpec, type LinkSpec, type MachineSpec, type NetworkSpec, type ProgramSpec, type ScenarioSpec, type ServiceHostSpec } from './scenario.ts';
import { parseNetem } from './netem/parse.ts';
import { CPU_PROFILES } from '../stack/syscall/cpu-profile.ts';

const cpuSchema = oneOf(Object.keys(CPU_PROFILES));
import { array, bool, duration, either, fn, num, object, oneOf, opaqueObject, optional, record, required, str, type Issue, type Schema } from './schema/schema.ts';

/** Scenario and lab names become file names (`out/NAME.mesin1-any.pcap`): no slashes, no dot first. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;
const IFACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;

const kernelSchema: Schema<string | KernelProfile> = either(
  `a kernel profile name (${Object.keys(KERNEL_PROFILES).join(', ')}) or a profile object`,
  [(v) => typeof v === 'string', oneOf(Object.keys(KERNEL_PROFILES))],
  [(v) => typeof v === 'object' && v !== null && !Array.isArray(v), opaqueObject<KernelProfile>('a kernel profile')],
);

const linkSchema = object<LinkSpec>({
  latency: optional(duration),
  chainLatency: optional(duration),
  bandwidth: optional(num({ min: 1 })),
  mtu: optional(num({ integer: true, min: 68, max: 65535 })),
  queueFrames: optional(num({ integer: true, min: 1, max: 1 << 20 })),
  loss: optional(num({ min: 0, max: 1 })),
  lossIpOnly: optional(bool),
});

const program = fn<Program>();

/** netem options in tc's syntax, parsed here so a typo is named before anything runs */
const netemLine: Schema<string> = (v, path, issues) => {
  const text = str()(v, path, issues);
  if (text === undefined) return undefined;
  try {
    parseNetem(text);
    return text;
  } catch (e) {
    issues.push({ path, message: `netem: ${(e as Error).message}` });
    return undefined;
  }
};

const linkEventSchema = object<LinkEventSpec>({
  at: required(duration),
  action: required(oneOf(['down', 'up', 'disconnect', 'connect', 'bandwidth'] as const)),
  iface: optional(str()),
  machine: optional(str()),
  network: optional(str()),
  bandwidth: optional(num({ min: 1 })),
  for: optional(duration),
});
const fileContent: Schema<string | Uint8Array> = either(
  'file content (a string or a Uint8Array)',
  [(v) => typeof v === 'string', str()],
  [(v) => v instanceof Uint8Array, (v) => v as Uint8Array],
);

const labSchema: Schema<LabSpec> = object<LabSpec>({
  name: required(str({ pattern: FILE_NAME, describe: 'a name of letters, digits, ".", "_" or "-"' })),
  epoch: required(str({ pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/, describe: "an ISO date like '2025-05-23T07:34:00Z'" })),
  kernel: required(kernelSchema),
  networks: required(record(object<NetworkSpec>({ subnet: required(str()), gateway: optional(str()), link: optional(linkSchema) }), { key: HOST_NAME, keyWhat: 'a network name' })),
  defaultNetwork: required(str()),
  machines: required(record(object<MachineSpec>({
    hostname: optional(str({ pattern: HOST_NAME, describe: 'a host name' })),
    interfaces: required(record(str(), { key: IFACE_NAME, keyWhat: 'an interface name (eth0)' })),
    hosts: optional(array(str())),
    files: optional(record(fileContent)),
  }), { key: HOST_NAME, keyWhat: 'a machine name' })),
  upstream: optional(record(object<ServiceHostSpec>({ address: required(str()), daemons: optional(array(program)) }), { key: HOST_NAME, keyWhat: 'a host name' })),
  machineDaemons: optional(array(program)),
  resolver: optional(fn<ResolverFactory>()),
  resolvConf: optional(str()),
}, 'a lab (defineLab({...}))');

const scenarioSchema: Schema<ScenarioSpec> = object<ScenarioSpec>({
  name: required(str({ pattern: FILE_NAME, describe: 'a name of letters, digits, ".", "_" or "-" (it names the output files)' })),
  summary: required(str()),
  lab: required(labSchema),
  programs: required(array(object<ProgramSpec>({
    on: required(str()),
    name: required(str({ pattern: /^[^\n]{1,100}$/, describe: 'a one-line name' })),
    run: required(program),
    at: optional(duration),
    daemon: optional(bool),
    background: optional(oneOf(['serving', 'idle'] as const)),
    cpu: optional(cpuSchema),
  }))),
  captures: required(array(object<CaptureSpec>({
    on: required(str()),
    iface: required(str()),
    link: optional(oneOf(['sll', 'sll2'] as const)),
    from: optional(duration),
    until: optional(duration),
  }))),
  kernel: optional(kernelSchema),
  links: optional(record(linkSchema)),
  settle: optional(duration),
  until: optional(duration),
  netem: optional(record(netemLine, { key: /^[^:\s]+:[^:\s]+$/, keyWhat: "an interface as 'MACHINE:IFACE'" })),
  events: optional(array(linkEventSchema)),
  cpu: optional(cpuSchema),
  timerHz: optional(num({ integer: true, min: 100, max: 1000 })),
}, 'a scenario (export default defineScenario({...}))');

/** Every problem in `value` as a scenario, by path; empty when it is well-formed (types only). */
export function scenarioIssues(value: unknown): { spec: ScenarioSpec | undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const spec = scenarioSchema(value, '', issues);
  return { spec: issues.length ? undefined : spec, issues };
}

/**
 * Check `value` as the scenario in `file` and return it with durations in nanoseconds.
 * Throws a `ScenarioError` (every problem, each with its path) and nothing else.
 */
export function validateScenario(value: unknown, file: string): ScenarioSpec {
  const { spec, issues } = scenarioIssues(value);
  if (!spec) throw new ScenarioError(file, issues[0]!.path, issues[0]!.message, issues);
  buildLab(file, spec);
  return spec;
}
