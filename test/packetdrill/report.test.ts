import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/packetdrill/parse.ts';
import { formatTable, summarize, toJson } from '../../src/packetdrill/report.ts';
import type { ScriptResult } from '../../src/packetdrill/result.ts';
import { dueTime, onTime } from '../../src/packetdrill/times.ts';

const results: ScriptResult[] = [
  { file: 'a.pkt', family: 'nagle', outcome: { status: 'pass' }, pcap: null },
  { file: 'b.pkt', family: 'nagle', outcome: { status: 'fail', line: 3, what: 'tcp window', expected: '1', got: '2' }, pcap: 'x.pcap' },
  { file: 'c.pkt', family: 'sack', outcome: { status: 'unsupported', feature: 'sysctl x', line: null }, pcap: null },
  { file: 'd.pkt', family: 'fastopen', outcome: { status: 'pass' }, pcap: null },
];

describe('summarize and the table', () => {
  it('counts by family and keeps excluded families out of the total', () => {
    const s = summarize(results);
    expect(s.families['nagle']).toEqual({ scripts: 2, pass: 1, fail: 1, unsupported: 0, error: 0 });
    expect(s.counted).toEqual({ scripts: 3, pass: 1, fail: 1, unsupported: 1, error: 0 });
    expect(s.excluded.scripts).toBe(1);
    expect(s.passRate).toBeCloseTo(1 / 3);
    const table = formatTable(results);
    expect(table.find((l) => l.startsWith('total'))?.split(/\s+/)).toEqual(['total', '3', '1', '1', '1', '0']);
    expect(table.at(-1)).toBe('pass rate: 1/3 (33.3 %)');
    expect(JSON.parse(toJson(results)).results).toHaveLength(4);
  });
});

describe('dueTime', () => {
  const events = parseScript('0.5 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+.1...0.3 read(3, ..., 1) = 1\n+.2~+.25 > . 1:1(0) ack 1\n* > . 1:1(0) ack 1\n').events;
  it('counts relative times, blocking ends and ranges from the previous event', () => {
    expect(dueTime(events[0]!, 7)).toEqual({ start: 500000, end: 500000, any: false, callEnd: null });
    expect(dueTime(events[1]!, 500000)).toEqual({ start: 600000, end: 600000, any: false, callEnd: 800000 });
    expect(dueTime(events[2]!, 600000)).toEqual({ start: 800000, end: 850000, any: false, callEnd: null });
    expect(dueTime(events[3]!, 800000).any).toBe(true);
  });
  it('accepts a time within the tolerance of the window only', () => {
    const due = dueTime(events[2]!, 600000);
    expect(onTime(due, 796000, 4000)).toBe(true);
    expect(onTime(due, 795999, 4000)).toBe(false);
    expect(onTime(due, 854000, 4000)).toBe(true);
    expect(onTime(due, 854001, 4000)).toBe(false);
  });
});
