import { describe, expect, it } from 'vitest';
import { NeighbourTable, NEIGH_DELAY_FIRST_PROBE_NS, NEIGH_RETRANS_NS, type NeighbourHost } from '../../../src/stack/kernel/neighbour.ts';
import { ipv4, parseMac } from '../../../src/stack/wire/addr.ts';

const PEER = ipv4('172.16.16.102');
const PEER_MAC = parseMac('02:42:ac:10:10:66')!;

/** A host that records what the table asks for and runs its timers on demand. */
function harness(random = 0.5) {
  const log: string[] = [];
  const timers: { at: number; token: number }[] = [];
  let token = 0;
  const host: NeighbourHost = {
    sendRequest: (_i, ip, to, now) => log.push(`${now / 1e9}s who-has ${ip === PEER ? 'peer' : ip} ${to === undefined ? 'broadcast' : 'unicast'}`),
    transmit: (_i, f, mac, now) => log.push(`${now / 1e9}s send ${f[0]} to ${mac === PEER_MAC ? 'peer' : mac}`),
    unreachable: (_i, f, now) => log.push(`${now / 1e9}s unreachable ${f[0]}`),
    armTimer: (at, t) => timers.push({ at, token: t }),
    newToken: () => ++token,
    random: () => random,
  };
  const table = new NeighbourTable(host);
  /** fire every timer due up to `until`, in order */
  const runUntil = (until: number) => {
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > until) return;
      timers.shift();
      table.onTimer(t.token, t.at);
    }
  };
  return { table, log, runUntil };
}

const frame = (n: number) => new Uint8Array([n]);

describe('NeighbourTable (Linux NUD states)', () => {
  it('queues packets while resolving and sends them when the reply comes', () => {
    const { table, log } = harness();
    table.output(1, PEER, frame(1), 0);
    table.output(1, PEER, frame(2), 100);
    expect(table.get(1, PEER)!.state).toBe('INCOMPLETE');
    table.onArp(1, PEER, PEER_MAC, false, true, 50_000);
    expect(log).toEqual(['0s who-has peer broadcast', '0.00005s send 1 to peer', '0.00005s send 2 to peer']);
    expect(table.get(1, PEER)!.state).toBe('REACHABLE');
  });

  it('gives up after three broadcast requests one second apart and reports the queued packets unreachable', () => {
    const { table, log, runUntil } = harness();
    table.output(1, PEER, frame(7), 0);
    runUntil(10e9);
    expect(log).toEqual(['0s who-has peer broadcast', '1s who-has peer broadcast', '2s who-has peer broadcast', '3s unreachable 7']);
    expect(table.get(1, PEER)!.state).toBe('FAILED');
  });

  it('learns the asker of a who-has for us as STALE, then re-probes it by unicast 5 s after first use', () => {
    const { table, log, runUntil } = harness();
    table.onArp(1, PEER, PEER_MAC, true, false, 0);
    expect(table.get(1, PEER)!.state).toBe('STALE');
    table.output(1, PEER, frame(1), 1000);
    expect(table.get(1, PEER)!.state).toBe('DELAY');
    runUntil(1000 + NEIGH_DELAY_FIRST_PROBE_NS);
    expect(table.get(1, PEER)!.state).toBe('PROBE');
    expect(log.at(-1)).toBe(`${(1000 + NEIGH_DELAY_FIRST_PROBE_NS) / 1e9}s who-has peer unicast`);
  });

  it('goes back to REACHABLE from DELAY when an upper layer confirmed the neighbour meanwhile', () => {
    const { table, runUntil } = harness();
    table.onArp(1, PEER, PEER_MAC, true, false, 0);
    table.output(1, PEER, frame(1), 0);
    table.confirm(1, PEER, 2e9);
    runUntil(NEIGH_DELAY_FIRST_PROBE_NS);
    expect(table.get(1, PEER)!.state).toBe('REACHABLE');
  });

  it('lets a REACHABLE entry go STALE after reachable_time (uniform in [15 s, 45 s)) when unused', () => {
    const { table, runUntil } = harness(0.5); // reachable_time = 15 s + 0.5 × 30 s = 30 s
    table.output(1, PEER, frame(1), 0);
    table.onArp(1, PEER, PEER_MAC, false, true, 0);
    runUntil(29.9e9);
    expect(table.get(1, PEER)!.state).toBe('REACHABLE');
    runUntil(30e9);
    expect(table.get(1, PEER)!.state).toBe('STALE');
  });

  it('fails a PROBE after three unanswered unicast probes', () => {
    const { table, log, runUntil } = harness();
    table.onArp(1, PEER, PEER_MAC, true, false, 0);
    table.output(1, PEER, frame(1), 0);
    runUntil(NEIGH_DELAY_FIRST_PROBE_NS + 3 * NEIGH_RETRANS_NS);
    expect(log.filter((l) => l.includes('unicast'))).toHaveLength(3);
    expect(table.get(1, PEER)!.state).toBe('FAILED');
  });
});
