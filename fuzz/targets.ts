/**
 * The fuzz targets. Each makes its i-th input from a seeded stream, runs it, and throws when
 * the code under test misbehaves: an exception escaping a function that promises errors as
 * values (the capture reader, show, compileFilter, scenario validation), or a pcapng/pcap
 * round trip that does not give back what was written. Inputs are saved and replayed as files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { captureToBytes, collectCapture, readCapture, recordTimeNs, type CaptureContents, type CaptureFormat, type CaptureRecord } from '../src/capture/index.ts';
import type { RandomStream } from '../src/sim/rng.ts';
import * as scenarioModule from '../src/sim/scenario.ts';
import { compileFilter } from '../src/show/filter/index.ts';
import { Dissector, type Dissected } from '../src/show/dissect.ts';
import { showEntries } from '../src/show/show.ts';
import { materialise, mutateBytes, mutateText, pick, replacement, type Replacement } from './mutate.ts';

export const ROOT = join(import.meta.dirname, '..');

export interface Target<I> {
  readonly name: string;
  /** file extension of saved inputs */
  readonly ext: string;
  /** load seeds; called once before `input` */
  prepare(): Promise<void>;
  input(rng: RandomStream): I;
  /** throws when the code under test misbehaves */
  run(input: I): void;
  encode(input: I): Uint8Array;
  decode(file: Uint8Array): I;
}

/** Records per seed window: enough for a handshake, data, a retransmission and a teardown. */
export const WINDOW_RECORDS = 24;
/** One input in this many mutates a whole capture rather than a window of one. */
const WHOLE_CAPTURE_EVERY = 32;

/** The same records written again in `format`, on the capture's own interfaces. */
function rewrite(c: CaptureContents, records: readonly CaptureRecord[], format: CaptureFormat): Uint8Array {
  const interfaces = c.interfaces.length > 0 ? c.interfaces.map((i) => ({ name: i.name ?? 'eth0', linkType: i.linkType })) : [{ name: 'eth0', linkType: 1 }];
  const t0 = records[0] ? recordTimeNs(records[0]) : 0n;
  const epoch = t0 / 1_000_000_000n;
  return captureToBytes({ format, interfaces, epochSeconds: Number(epoch) },
    records.map((r) => ({ ifIndex: format === 'pcapng' ? r.ifIndex : 0, timeNs: Number(recordTimeNs(r) - epoch * 1_000_000_000n), frame: r.data, origLength: r.origLength })));
}

/**
 * Seed captures: the real-Linux fixtures up to 64 KiB as they are (the first eight also as
 * pcapng), and every one cut into windows of WINDOW_RECORDS records in its own format. A
 * mutation touches a few bytes, so a whole 300-frame file spends nearly all its time on
 * frames no mutation reached; windows put the same mutations through show ten times faster,
 * and the whole files still come up one input in WHOLE_CAPTURE_EVERY.
 */
let captures: Uint8Array[] = [];
let windows: Uint8Array[] = [];
function loadCaptures(): void {
  if (captures.length > 0) return;
  const found: Uint8Array[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.pcap(ng)?$/.test(name) && statSync(p).size <= 65536) found.push(new Uint8Array(readFileSync(p)));
    }
  };
  walk(join(ROOT, 'test/fixtures/real'));
  const contents = found.map((b) => collectCapture(readCapture(b)));
  const asPcapng = contents.slice(0, 8).map((c) => rewrite(c, c.records, 'pcapng'));
  captures = [...found, ...asPcapng];
  windows = contents.flatMap((c) => {
    const out: Uint8Array[] = [];
    for (let i = 0; i < c.records.length; i += WINDOW_RECORDS) out.push(rewrite(c, c.records.slice(i, i + WINDOW_RECORDS), c.format ?? 'pcap'));
    return out;
  });
}

const noop = (): void => {};

function bytesTarget(name: string, run: (b: Uint8Array) => void): Target<Uint8Array> {
  return {
    name,
    ext: 'pcap',
    prepare: async () => loadCaptures(),
    input: (rng) => mutateBytes(rng, pick(rng, rng.int(1, WHOLE_CAPTURE_EVERY) === 1 ? captures : windows), captures),
    run,
    encode: (b) => b,
    decode: (b) => b,
  };
}

const reader = bytesTarget('reader', (b) => {
  let errors = 0;
  for (const e of readCapture(b, 'fuzz.pcap')) {
    if (errors > 0) throw new Error('an entry after the error entry');
    if (e.kind === 'error') errors++;
    if (e.kind === 'record' && e.data.length > b.length) throw new Error(`record ${e.index} holds ${e.data.length} bytes of a ${b.length}-byte file`);
  }
});

const list = bytesTarget('list', (b) => void showEntries(readCapture(b, 'fuzz.pcap'), {}, noop, noop));
const details = bytesTarget('details', (b) => void showEntries(readCapture(b, 'fuzz.pcap'), { verbose: true }, noop, noop));

/** Seed filters: every form the parser knows, over the fields show has. */
const FILTERS = [
  'frame', 'tcp', 'udp and not dns', '!(arp || icmp)', 'ip.src == 172.16.16.101', 'ip.addr in {10.0.0.1, 172.16.16.0/24}',
  'tcp.flags.syn == 1 && tcp.flags.ack == 0', 'tcp.port == 10000', 'frame.len > 100', 'dns.qry.name contains "www"',
  'dns.qry.name matches "^www\\\\."', 'frame matches "(a+)+$"', 'eth.src == 02:42:ac:10:10:65', 'tcp.analysis.retransmission',
  'udp.payload contains 41:42', 'frame.time_relative >= 0.5', 'icmp.type === 8', 'tcp.len !== 0', 'tcp.stream eq 0 or udp.stream ne 1',
  'tcp.window_size ~ "1"', 'frame[0:4] == ff:ff:ff:ff', 'ip.ttl <= 64 and ip.ttl >= 1',
];
let frames: Dissected[] = [];
const filter: Target<string> = {
  name: 'filter',
  ext: 'txt',
  async prepare() {
    loadCaptures();
    if (frames.length > 0) return;
    // the first 40 frames of a dozen captures: every protocol and TCP state the seeds hold, few enough
    // that a filter of thousands of terms costs milliseconds, not seconds (the filter is on trial, not the frames)
    for (const b of captures.slice(0, 12)) {
      const d = new Dissector();
      for (const e of readCapture(b)) if (e.kind === 'record' && e.index < 40) frames.push(d.next(e));
    }
  },
  input: (rng) => mutateText(rng, pick(rng, FILTERS), FILTERS),
  run(text) {
    const c = compileFilter(text);
    if (c.ok) for (const f of frames) c.filter(f);
  },
  encode: (t) => new TextEncoder().encode(t),
  decode: (b) => new TextDecoder().decode(b),
};

interface RoundTrip {
  readonly format: CaptureFormat;
  readonly epochSeconds: number;
  readonly bufferSize: number;
  readonly interfaces: { name: string; linkType: number; snaplen: number }[];
  readonly packets: { ifIndex: number; timeNs: number; frame: number[]; origLength: number }[];
}

const roundTrip: Target<RoundTrip> = {
  name: 'roundtrip',
  ext: 'json',
  prepare: async () => loadCaptures(),
  input(rng) {
    const format = pick(rng, ['pcapng', 'pcapng', 'pcap-ns', 'pcap'] as const);
    const linkTypes = [1, 113, 276, 0, 101, 65535];
    const n = format === 'pcapng' ? rng.int(1, 3) : 1;
    const interfaces = Array.from({ length: n }, (_, i) => ({ name: `if${i}${'x'.repeat(rng.int(0, 40))}`, linkType: pick(rng, linkTypes), snaplen: pick(rng, [262144, 65535, 1, 64, 96, rng.int(1, 2000)]) }));
    let t = rng.int(0, 1) ? 0 : rng.int(0, 2 ** 31) * 1e6;
    const source = pick(rng, captures);
    const packets = Array.from({ length: rng.int(0, 40) }, () => {
      t += pick(rng, [0, 1, 999, 1000, 1e9 - 1, rng.int(0, 2 ** 30)]);
      const from = rng.int(0, source.length);
      const frame = Array.from(source.subarray(from, from + rng.int(0, 1600)));
      return { ifIndex: rng.int(0, n - 1), timeNs: t, frame, origLength: frame.length + pick(rng, [0, 0, 1, rng.int(0, 1 << 20)]) };
    });
    // small write buffers: every few packets a flush, the writer's least travelled path
    return { format, epochSeconds: pick(rng, [0, 1747985640, 0xffffffff - 4000]), bufferSize: pick(rng, [64, 512, 4096, 65536]), interfaces, packets };
  },
  run(rt) {
    let bytes: Uint8Array;
    try {
      bytes = captureToBytes(rt, rt.packets.map((p) => ({ ...p, frame: Uint8Array.from(p.frame) })));
    } catch (e) {
      if (e instanceof RangeError) return; // the writer refuses what its format cannot hold (pcap's 32-bit seconds), by contract
      throw e;
    }
    const back = collectCapture(readCapture(bytes));
    if (back.error) throw new Error(`reading back: ${back.error.reason} at ${back.error.offset}`);
    if (back.records.length !== rt.packets.length) throw new Error(`${rt.packets.length} packets written, ${back.records.length} read`);
    rt.packets.forEach((p, i) => {
      const r = back.records[i]!;
      const snap = rt.interfaces[p.ifIndex]!.snaplen;
      const want = p.frame.slice(0, Math.min(snap, p.frame.length));
      const ns = BigInt(rt.epochSeconds) * 1_000_000_000n + BigInt(p.timeNs);
      const wantNs = rt.format === 'pcap' ? (ns / 1000n) * 1000n : ns;
      if (r.ifIndex !== (rt.format === 'pcapng' ? p.ifIndex : 0)) throw new Error(`packet ${i}: interface ${r.ifIndex}, wrote ${p.ifIndex}`);
      if (r.origLength !== p.origLength) throw new Error(`packet ${i}: original length ${r.origLength}, wrote ${p.origLength}`);
      if (r.data.length !== want.length || r.data.some((x, j) => x !== want[j])) throw new Error(`packet ${i}: data differs`);
      if (recordTimeNs(r) !== wantNs) throw new Error(`packet ${i}: time ${recordTimeNs(r)}, wrote ${wantNs}`);
      if (r.linkType !== rt.interfaces[p.ifIndex]!.linkType) throw new Error(`packet ${i}: link type ${r.linkType}`);
    });
  },
  encode: (rt) => new TextEncoder().encode(JSON.stringify(rt)),
  decode: (b) => JSON.parse(new TextDecoder().decode(b)) as RoundTrip,
};

/** A scenario with some fields replaced: the base scenario's name and the edits, so it can be saved as JSON. */
interface ScenarioInput {
  readonly base: string;
  readonly edits: { readonly path: (string | number)[]; readonly with: Replacement | { readonly kind: 'delete' } }[];
}

const bases = new Map<string, scenarioModule.ScenarioSpec>();

/** Every path into a value (arrays and plain objects, up to depth 5), functions and Uint8Arrays as leaves. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length > 0) out.push(prefix);
  if (prefix.length >= 5 || v === null || typeof v !== 'object' || v instanceof Uint8Array) return out;
  for (const [k, x] of Object.entries(v)) paths(x, [...prefix, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

/** A copy that can be edited: objects and arrays copied, functions and byte arrays shared. */
function thaw(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(thaw);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, thaw(x)]));
}

function applyEdits(input: ScenarioInput): unknown {
  const base = bases.get(input.base);
  if (!base) throw new Error(`no base scenario ${input.base}`);
  const root = thaw(base) as Record<string | number, unknown>;
  for (const e of input.edits) {
    let parent: unknown = root;
    for (const k of e.path.slice(0, -1)) parent = parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[k] : undefined;
    if (parent === null || typeof parent !== 'object') continue;
    const last = e.path[e.path.length - 1]!;
    if (e.with.kind === 'delete') delete (parent as Record<string | number, unknown>)[last];
    else (parent as Record<string | number, unknown>)[last] = materialise(e.with);
  }
  return root;
}

/**
 * The scenario loader's checks: the schema (`validateScenario(value, file)` of
 * src/sim/scenario-schema.ts, where the loader has one) and then `buildLab`, which checks the
 * lab's addresses and names. Found at run time so this target works before and after the
 * schema lands; `hasScenarioSchema()` says which.
 */
type SchemaCheck = (value: unknown, file: string) => scenarioModule.ScenarioSpec;
let schemaCheck: SchemaCheck | undefined;
const SCHEMA_MODULE = '../src/sim/scenario-schema.ts';

export function hasScenarioSchema(): boolean {
  return schemaCheck !== undefined;
}

function validate(file: string, spec: unknown): void {
  try {
    scenarioModule.buildLab(file, schemaCheck ? schemaCheck(spec, file) : (spec as scenarioModule.ScenarioSpec));
  } catch (e) {
    if (e instanceof scenarioModule.ScenarioError) return; // a clear error naming the field: what validation is for
    throw e;
  }
}

const scenario: Target<ScenarioInput> = {
  name: 'scenario',
  ext: 'json',
  async prepare() {
    if (bases.size > 0) return;
    const schema = (await import(SCHEMA_MODULE).catch(() => ({}))) as { validateScenario?: SchemaCheck };
    schemaCheck = schema.validateScenario;
    for (const f of readdirSync(join(ROOT, 'scenarios')).filter((n) => n.endsWith('.ts')).sort()) {
      const mod = (await import(pathToFileURL(join(ROOT, 'scenarios', f)).href)) as { default: scenarioModule.ScenarioSpec };
      bases.set(f.replace(/\.ts$/, ''), mod.default);
    }
  },
  input(rng) {
    const base = pick(rng, [...bases.keys()]);
    const all = paths(bases.get(base));
    const edits = Array.from({ length: rng.int(1, 3) }, () => ({
      path: pick(rng, all),
      with: rng.int(0, 5) === 0 ? { kind: 'delete' as const } : replacement(rng),
    }));
    return { base, edits };
  },
  run: (input) => validate(`scenarios/${input.base}.ts`, applyEdits(input)),
  encode: (s) => new TextEncoder().encode(JSON.stringify(s)),
  decode: (b) => JSON.parse(new TextDecoder().decode(b)) as ScenarioInput,
};

export const TARGETS: Readonly<Record<string, Target<never>>> = Object.fromEntries(
  ([reader, list, details, filter, roundTrip, scenario] as Target<never>[]).map((t) => [t.name, t]),
);
