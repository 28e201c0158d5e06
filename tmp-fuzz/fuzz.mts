import fc from 'fast-check';
import { validateScenario } from '/work/wt-cli/src/sim/scenario-schema.ts';
import { ScenarioError } from '/work/wt-cli/src/sim/scenario.ts';
import echo from '/work/wt-cli/scenarios/socket-info.ts';
const copy = (v: any): any => (Array.isArray(v) ? v.map(copy) : v && typeof v === 'object' && !(v instanceof Uint8Array) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) : v);
// every path in the scenario
const paths: string[][] = [];
const walk = (v: any, p: string[]) => { paths.push(p); if (v && typeof v === 'object' && !(v instanceof Uint8Array) && p.length < 6) for (const k of Object.keys(v)) walk(v[k], [...p, k]); };
walk(echo, []);
const leaf = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.double(), fc.constant(undefined), fc.constant(null), fc.constant({}), fc.constant([]), fc.constantFrom('172.16.16.0/24', '172.16.16.1', '0.0.0.0/0', '1.2.3.4/33', '255.255.255.255', '172.16.16.101', '10.255.255.254', '1s', 'wsl2', 'eth0', 'any', 'lo', 'mesin1', 'bridge', 'progjar'));
let n = 0, bad = 0;
fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...paths.filter((p) => p.length)), leaf), { minLength: 1, maxLength: 3 }), (edits) => {
  const d = copy(echo);
  for (const [path, value] of edits) { let o = d; for (const k of path.slice(0, -1)) { if (!o || typeof o !== 'object') return; o = o[k]; } if (o && typeof o === 'object') o[path.at(-1)!] = value; }
  n++;
  const t = performance.now();
  try { validateScenario(d, 'f.ts'); } catch (e) { if (!(e instanceof ScenarioError)) { bad++; console.log(String(e).slice(0, 200), JSON.stringify(edits.map(([p, v]) => [p.join('.'), typeof v === 'object' ? 'obj' : String(v)]))); return false; } }
  if (performance.now() - t > 100) { console.log('slow', edits); return false; }
  return true;
}), { numRuns: 100000 });
console.log('runs', n, 'bad', bad);
