/** The report's model of captures: lanes, spans across captures, filters, and which bytes a details line names. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderDetails } from '../../src/show/details/index.ts';
import { formatHash, parseHash } from '../../src/report/viewer/hash.ts';
import { fieldName, lineRange } from '../../src/report/viewer/field-ranges.ts';
import { firstSecond, lanesOf, loadCapture, selectFrames, spans } from '../../src/report/viewer/model.ts';
import { echoCaptures } from './echo-captures.ts';

async function models() {
  const { files } = await echoCaptures();
  const a = files.get('mesin1-any')!.bytes;
  const b = files.get('mesin2-eth1')!.bytes;
  const epoch = firstSecond(b)!;
  return { any: loadCapture('any', a, epoch), eth1: loadCapture('eth1', b, epoch) };
}

describe('report model', () => {
  it('puts every frame of the echo between the two hosts (MACs stand for their IPv4 address)', async () => {
    const { eth1 } = await models();
    expect(eth1.frames).toHaveLength(14);
    expect(lanesOf(eth1.frames)).toEqual(['172.16.16.102', '172.16.16.101']);
  });

  it('spans a packet from the sender\'s capture to the receiver\'s: later at the receiver, never earlier', async () => {
    const { any, eth1 } = await models();
    const s = spans(eth1, [any]);
    for (const [i, f] of eth1.frames.entries()) {
      expect(s[i]!.t0).toBeLessThanOrEqual(f.t);
      expect(s[i]!.t1).toBeGreaterThanOrEqual(f.t);
    }
    // the client's segments leave mesin2 and reach mesin1 later: a slant, not a flat arrow
    const sent = eth1.frames.findIndex((f) => f.d.view.tcp && f.src === '172.16.16.102' && f.d.view.payload?.length === 46);
    expect(s[sent]!.t1).toBeGreaterThan(s[sent]!.t0);
  });

  it('selects with show -Y\'s engine and returns its error text', async () => {
    const { eth1 } = await models();
    const r = selectFrames(eth1, 'tcp.len > 0');
    expect(r.ok && r.frames.map((n) => eth1.frames[n - 1]!.d.view.payload?.length)).toEqual([46, 32, 14]);
    const bad = selectFrames(eth1, 'tcp.lenn > 0');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^labwire show: .*tcp\.lenn/);
  });

  it('lights the bytes a details line names: ports, addresses, the payload', async () => {
    const { eth1 } = await models();
    const f = eth1.frames.find((x) => x.d.view.payload?.length === 46)!.d;
    const lines = renderDetails(f, undefined).split('\n');
    const bytesOf = (prefix: string): Uint8Array => {
      const i = lines.findIndex((l) => l.trim().startsWith(prefix));
      expect(i, prefix).toBeGreaterThan(0);
      const r = lineRange(f, lines, i);
      return f.record.data.subarray(r.start, r.end);
    };
    const port = bytesOf('Source Port:');
    expect((port[0]! << 8) | port[1]!).toBe(f.view.tcp!.srcPort);
    expect([...bytesOf('Source Address:')]).toEqual([172, 16, 16, 102]);
    expect(new TextDecoder().decode(bytesOf('TCP payload'))).toBe('INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ');
    expect(bytesOf('.... .... ...0 = Fin').length).toBe(2); // a flag bit: the flags field
    expect(bytesOf('Internet Protocol Version 4').length).toBe(20);
  });

  it('every line of every frame maps inside its frame', async () => {
    const { any, eth1 } = await models();
    for (const m of [any, eth1]) {
      for (const { d } of m.frames) {
        const lines = renderDetails(d, undefined).split('\n');
        lines.forEach((_, i) => {
          const r = lineRange(d, lines, i);
          expect(r.start).toBeGreaterThanOrEqual(0);
          expect(r.end).toBeLessThanOrEqual(d.record.data.length);
        });
      }
    }
  });

  it('keeps the frames before damage and says where it stopped, as show does', async () => {
    const { files } = await echoCaptures();
    const whole = files.get('mesin2-eth1')!.bytes;
    const cut = whole.subarray(0, whole.length - 30);
    const m = loadCapture('cut.pcapng', cut, firstSecond(whole)!);
    expect(m.frames).toHaveLength(13);
    expect(m.error).toMatch(/^labwire show: cut\.pcapng: at offset \d+: /);
  });

  it('names fields the way the details pane writes them', () => {
    expect(fieldName('    0100 .... = Version: 4')).toBe('Version');
    expect(fieldName('    [Stream index: 0]')).toBe('Stream index');
    expect(fieldName('    Source Port: 35652')).toBe('Source Port');
  });

  it('keeps the view in the URL hash: parse(format(s)) = s', () => {
    fc.assert(fc.property(fc.record({ frame: fc.option(fc.integer({ min: 1, max: 1e6 }), { nil: null }), filter: fc.string(), capture: fc.nat(20) }), (s) => {
      expect(parseHash(formatHash(s))).toEqual(s);
    }));
  });
});
