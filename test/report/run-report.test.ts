/**
 * The run report's entry point with a hand-written timeline (the World's hooks come later):
 * every packet commented with the cause the timeline gives, in both languages, packets
 * untouched, the same input giving the same files.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { buildRunReport } from '../../src/report/run-report.ts';
import { causeText, clampUtf8, commentsFor, MAX_COMMENT_BYTES } from '../../src/report/comments.ts';
import { CATALOGS } from '../../src/report/i18n/index.ts';
import { collectCapture, readCapture } from '../../src/capture/index.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { tempDir } from '../helpers/scenario.ts';
import { echoRunInput, writeRunReport } from './echo-report.ts';
import echo from '../../scenarios/echo.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { scenarioReportInput } from '../../src/report/scenario-report.ts';

const sha = (x: string | Uint8Array): string => createHash('sha256').update(x).digest('hex');

describe('buildRunReport', () => {
  it('writes index.html, each capture as pcapng with the same packets and one comment each, and the transcripts', async () => {
    const input = await echoRunInput('en');
    const files = await buildRunReport(input);
    expect([...files.keys()]).toEqual(['index.html', 'echo.mesin1-any.pcapng', 'echo.mesin2-eth1.pcapng', 'echo.mesin1.txt', 'echo.mesin2.txt']);
    for (const c of input.captures) {
      const before = collectCapture(readCapture(c.bytes)).records;
      const after = collectCapture(readCapture(files.get(`echo.${c.host}-${c.iface}.pcapng`) as Uint8Array)).records;
      expect(after.map((r) => [...r.data])).toEqual(before.map((r) => [...r.data]));
      expect(after.map((r) => [r.sec, r.nsec])).toEqual(before.map((r) => [r.sec, r.nsec]));
      expect(after.every((r) => r.comments?.length === 1)).toBe(true);
    }
  });

  it('comments each packet with its recorded cause, in the same words on both ends of the wire', async () => {
    for (const lang of ['en', 'id'] as const) {
      const input = await echoRunInput(lang);
      const t = CATALOGS[lang];
      const [any, eth1] = input.captures.map((c) => collectCapture(readCapture(c.bytes)).records);
      const byFrame = commentsFor(eth1!, input.timeline, t);
      expect(byFrame[5]).toBe(t.causeCall('sendall(46)', 46, lang));
      expect(byFrame[0]).toBe(causeText({ kind: 'arp-request', ip: '172.16.16.101' }, t));
      // mesin1's any capture sees the same 14 packets: same comments, frame for frame
      expect(commentsFor(any!, input.timeline, t)).toEqual(byFrame);
      expect(byFrame).not.toContain(t.causeUnknown);
    }
  });

  it('turns pcap captures into pcapng named after their interface, packets and times unchanged', async () => {
    const input = await echoRunInput('en');
    const run = await runScenario(echo, { seed: 1, format: 'pcap-ns' });
    const files = await buildRunReport({ ...input, captures: run.captures.map((c) => ({ host: c.host, iface: c.iface, bytes: c.bytes! })) });
    for (const [i, c] of run.captures.entries()) {
      const out = collectCapture(readCapture(files.get(`echo.${c.host}-${c.iface}.pcapng`) as Uint8Array));
      expect(out.format).toBe('pcapng');
      expect(out.interfaces.map((x) => x.name)).toEqual([c.iface]);
      const pcapng = collectCapture(readCapture(input.captures[i]!.bytes)).records;
      expect(out.records.map((r) => [r.sec, r.nsec, r.data.length])).toEqual(pcapng.map((r) => [r.sec, r.nsec, r.data.length]));
    }
  });

  it('gives identical files for identical input', async () => {
    const a = await buildRunReport(await echoRunInput('id'));
    const b = await buildRunReport(await echoRunInput('id'));
    expect([...a].map(([k, v]) => [k, sha(v)])).toEqual([...b].map(([k, v]) => [k, sha(v)]));
  });

  it('keeps comments within 240 bytes of UTF-8, cut at a character', () => {
    const long = 'é'.repeat(300);
    const c = clampUtf8(long);
    expect(new TextEncoder().encode(c).length).toBeLessThanOrEqual(MAX_COMMENT_BYTES);
    expect(c.endsWith('é…')).toBe(true);
    expect(clampUtf8('short')).toBe('short');
  });

  it.skipIf(!hasTshark())('tshark lists every frame with frame.comment, none without, and reads our words', async () => {
    for (const lang of ['en', 'id'] as const) {
      const dir = tempDir();
      const input = await echoRunInput(lang);
      await writeRunReport(dir, input);
      for (const c of input.captures) {
        const file = join(dir, `echo.${c.host}-${c.iface}.pcapng`);
        const recs = collectCapture(readCapture(c.bytes)).records;
        expect(runTshark(['-r', file, '-Y', '!frame.comment']).stdout).toBe('');
        const got = runTshark(['-r', file, '-T', 'fields', '-e', 'frame.comment']).stdout.replace(/\n$/, '').split('\n');
        expect(got).toEqual(commentsFor(recs, input.timeline, CATALOGS[lang]));
      }
    }
  });
});

describe('scenarioReportInput', () => {
  it('takes a run as runScenario returns it: captures from memory or disk, transcripts per machine, the lab epoch', async () => {
    const run = await runScenario(echo, { seed: 1, format: 'pcapng' });
    const tl = (await echoRunInput('en')).timeline;
    const input = scenarioReportInput(run, tl, 'id');
    expect(input.captures.map((c) => `${c.host}-${c.iface}`)).toEqual(['mesin1-any', 'mesin2-eth1']);
    expect(input.transcripts.map((t) => t.name)).toEqual(['mesin1', 'mesin2']);
    expect(input.transcripts[0]!.text).toContain("received b'INI ADALAH DATA YANG DIKIRIM ABC'");
    const files = await buildRunReport(input);
    const first = collectCapture(readCapture(files.get('echo.mesin2-eth1.pcapng') as Uint8Array)).records[0]!;
    expect(first.sec - input.epochSec).toBe(1); // the client starts at 1 s
  });
});
