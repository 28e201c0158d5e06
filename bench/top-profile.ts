/**
 * `node --import tsx bench/top-profile.ts FILE.cpuprofile… [N]`: the N functions with the most
 * self time over the given profiles, with their share (bench/lib/profile.ts, as the bench
 * prints under a figure short of its aim).
 */
import { readFileSync } from 'node:fs';
import { formatEntry, topEntries, type CpuProfile } from './lib/profile.ts';

const args = process.argv.slice(2);
const n = args.length > 1 && /^\d+$/.test(args[args.length - 1]!) ? Number(args.pop()) : 25;
const profiles = args.map((f) => JSON.parse(readFileSync(f, 'utf8')) as CpuProfile);
for (const e of topEntries(profiles, n)) console.log(formatEntry(e));
