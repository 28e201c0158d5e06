/**
 * Linux 6.10's tcp_write_xmit (tcp_grow_skb, no final-FIN cwnd exception) belongs to the kernels
 * that have it: the packetdrill host (6.18) grows the send head as the real 6.18 run of
 * snd-grow-skb.pkt and snd-fin-behind-cwnd.pkt shows; a profile without tcpWriteXmit610 (the
 * lab's `wsl2`, a 5.15 kernel) sends skb by skb and lets the FIN past a full cwnd.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeHostDriver } from '../../src/packetdrill/host.ts';
import { runScriptText, type MakeDriver } from '../../src/packetdrill/run-script.ts';

const dir = join(import.meta.dirname, 'scripts');
const before610: MakeDriver = (setup) => makeHostDriver({ ...setup, profile: { ...setup.profile, tcpWriteXmit610: false } });
const run = (name: string, makeDriver: MakeDriver) => runScriptText(readFileSync(join(dir, name), 'utf8'), { scriptPath: join(dir, name), readFile: () => undefined }, makeDriver);
const lineOf = (name: string, text: string) => readFileSync(join(dir, name), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

describe('tcp_write_xmit before and after Linux 6.10', () => {
  it('6.18 grows the send head to what cwnd allows; before 6.10 the next skb waits its turn', async () => {
    expect((await run('snd-grow-skb.pkt', makeHostDriver)).outcome).toEqual({ status: 'pass' });
    // the first two skbs still add up to the 20000 bytes packetdrill aggregates; the grown third does not
    const old = (await run('snd-grow-skb.pkt', before610)).outcome;
    expect(old).toMatchObject({ status: 'fail', line: lineOf('snd-grow-skb.pkt', '> P. 30001:44001(14000)') });
  });

  it('6.18 holds the final FIN behind a full cwnd; before 6.10 it goes at once', async () => {
    expect((await run('snd-fin-behind-cwnd.pkt', makeHostDriver)).outcome).toEqual({ status: 'pass' });
    expect((await run('snd-fin-behind-cwnd.pkt', before610)).outcome).toMatchObject({ status: 'fail' });
  });
});
