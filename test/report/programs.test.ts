/** Program lanes: Python's way of writing a call, and the frame that woke a blocked call. */
import { describe, expect, it } from 'vitest';
import { callLabel, hostAddresses, programBars, programLanes, type ArrivedFrame } from '../../src/report/viewer/programs.ts';
import { orderLanes } from '../../src/report/viewer/lanes.ts';
import type { TimelineData } from '../../src/sim/timeline.ts';

const frames: ArrivedFrame[] = [
  { no: 1, key: 'k1', src: '10.0.0.2', dst: '10.0.0.1', arrived: 100 },
  { no: 2, key: 'k2', src: '10.0.0.1', dst: '10.0.0.2', arrived: 200 },
  { no: 3, key: 'k3', src: '10.0.0.2', dst: '10.0.0.1', arrived: 300 },
];

const timeline: TimelineData = {
  frames: [
    { host: 'server', ifIndex: 1, at: 150, length: 66, key: 'k2', cause: { kind: 'ack-now' } },
    { host: 'client', ifIndex: 1, at: 50, length: 66, key: 'k1', cause: { kind: 'connect', call: 'connect()' } },
  ],
  calls: [
    { host: 'server', pid: 1, tid: 1, name: 'recv', args: '32', start: 120, end: 300, result: "b'abc'" },
    { host: 'server', pid: 1, tid: 1, name: 'sendall', args: "b'abc'", start: 300, end: 300, result: 'None' },
    { host: 'client', pid: 7, tid: 8, name: 'recv', args: '16', start: 10, end: 250, result: "b''" },
  ],
  socks: [],
};

describe('program lanes', () => {
  it('writes calls as Python does, leaving out None', () => {
    expect(callLabel('recv', '16', "b'INI ADALAH DATA '")).toBe("recv(16) → b'INI ADALAH DATA '");
    expect(callLabel('sendall', "b'x'", 'None')).toBe("sendall(b'x')");
  });

  it('gives each thread a lane after the host lanes', () => {
    const l = programLanes(timeline, ['10.0.0.2', '10.0.0.1']);
    expect(l.extra.map((e) => e.name)).toEqual(['server pid 1', 'client pid 7 tid 8']);
    expect(l.index.get('client/7/8')).toBe(3);
  });

  it('links a blocked call to the last frame that reached its host while it waited', () => {
    const bars = programBars(timeline, programLanes(timeline, ['10.0.0.2', '10.0.0.1']), frames);
    expect(bars.map((b) => b.woke)).toEqual([3, null, 2]);
  });

  it('puts each host\'s program lanes beside its address lane, outside; hosts without one at the end', () => {
    const addr = hostAddresses(timeline, frames);
    expect([...addr]).toEqual([['server', '10.0.0.1'], ['client', '10.0.0.2']]);
    const extra = [{ name: 'server pid 1', host: 'server' }, { name: 'client pid 7', host: 'client' }, { name: 'ghost pid 1', host: 'ghost' }];
    const { order, position } = orderLanes(['10.0.0.2', '10.0.0.1'], extra, addr);
    expect(order).toEqual([3, 0, 1, 2, 4]);
    order.forEach((orig, k) => expect(position[orig]).toBe(k));
  });
});
