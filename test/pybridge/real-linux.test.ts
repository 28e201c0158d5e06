/**
 * The course-style Python programs against real Linux. test/fixtures/real/py/<task>/ holds what
 * the namespace lab recorded (tools/netns-lab/py-record.sh; the folder's README says how); here
 * each task runs through the bridge with the recording machine's kernel profile (linux-6.18)
 * and must give the same frames on every captured machine (direction, lengths, addresses,
 * TTL/DF, TCP flags, windows, options) and every program the same lines on stdout and on stderr,
 * uncaught-error tracebacks included. Set aside, because they come from randomness, the clock or
 * the place: the ports the kernels chose, ISNs, IP ids, TS values and times (not in the compared
 * lines at all), clock readings and measured durations the programs print, and the folder of
 * the programs in tracebacks (real-compare.ts says how each is normalised).
 *
 * Two tasks differ for reasons labwire does not model yet; KNOWN_GAPS says why and pins the
 * difference down exactly, so that a change in it (a fix) makes the test fail and be tightened.
 */
import { describe, expect, it } from 'vitest';
import { onLab, runPy } from './run-world.ts';
import { REAL_TASKS } from './real-tasks.ts';
import { recorded, simulated, type Side } from './real-compare.ts';

const OUT = 'pkt=4'; // SLL packet type OUTGOING: sent by the captured machine

/** payload bytes sent and received in a machine's frame lines */
function bytesEachWay(frames: readonly string[]): { sent: number; received: number } {
  let sent = 0;
  let received = 0;
  for (const f of frames) {
    const n = Number(/ data=(\d+)/.exec(f)?.[1] ?? 0);
    if (f.includes(OUT)) sent += n;
    else received += n;
  }
  return { sent, received };
}

const KNOWN_GAPS: Record<string, { why: string; check: (real: Side, ours: Side) => void }> = {
  busy: {
    why: "On veth the client's immediate ACK of the answer is handled inside the server's sendall() " +
      '(veth_xmit → netif_rx; the receive softirq runs at local_bh_enable before the system call returns, ' +
      'and so does the ACK coming back), so close() sends its FIN after that ACK: answer, ACK, FIN on mesin1 ' +
      "in all four recordings. labwire's link takes 20 µs each way and close() costs no time, so the FIN " +
      'leaves first. mesin2 sees the same order either way.',
    check: (real, ours) => {
      expect(ours.frames.mesin2).toEqual(real.frames.mesin2);
      const fin = real.frames.mesin1!.findIndex((f) => f.includes(OUT) && f.includes('FIN'));
      expect(real.frames.mesin1![fin - 1]).toMatch(/pkt=0 .* ACK win=\d+ data=0/);
      const swapped = [...real.frames.mesin1!];
      [swapped[fin - 1], swapped[fin]] = [swapped[fin]!, swapped[fin - 1]!];
      expect(ours.frames.mesin1).toEqual(swapped);
      expect(ours.lines).toEqual(real.lines);
    },
  },
  sendfile: {
    why: 'How the echo is cut into segments depends on when the Python server runs: on Linux each ' +
      'recv(32), log line and sendall(32) takes tens of µs and each 32-byte answer leaves on its own (its ACK ' +
      'comes back inside the send, as in busy): 555 frames in the kept recording, 1816 in another where the ' +
      "server answered while the file still arrived. labwire's programs take no time, so Nagle gathers the " +
      "answers into 1472-byte segments (48 frames) and the server's recv(32) meets other segment ends (its " +
      "log differs from line 228); labwire has no model of a program's CPU time yet. Also the client's " +
      '7240-byte segments carry PSH on Linux (in both recordings), not in labwire.',
    check: (real, ours) => {
      for (const m of ['mesin1', 'mesin2']) {
        expect(ours.frames[m]!.slice(0, 5), `handshake on ${m}`).toEqual(real.frames[m]!.slice(0, 5));
        expect(bytesEachWay(ours.frames[m]!)).toEqual(bytesEachWay(real.frames[m]!));
        expect(ours.frames[m]).not.toEqual(real.frames[m]); // the gap: tighten this test once it closes
      }
      expect(bytesEachWay(real.frames.mesin2!)).toEqual({ sent: 50_000, received: 50_000 });
      expect(ours.lines['mesin2 sendfile_client.py stdout']).toEqual(real.lines['mesin2 sendfile_client.py stdout']);
      const server = 'mesin1 server_select.py stderr';
      for (const side of [real, ours]) expect(side.lines[server]!.at(-1)).toBe("INFO:root:('172.16.16.102', <port1>) closed");
    },
  },
};

describe('Python programs on labwire (--kernel linux-6.18) = the namespace lab on Linux 6.18', () => {
  for (const task of REAL_TASKS) {
    const gap = KNOWN_GAPS[task.name];
    const title = gap ? `${task.name}: the known difference and nothing else` : `${task.name}: the same frames on ${task.captureOn.join(', ')} and the same output lines`;
    it(title, async () => {
      const real = recorded(task.name, task.captureOn);
      const run = await runPy({ ...onLab(`real-${task.name}`, [...task.captureOn]), kernel: 'linux-6.18' }, task.entries(), 1);
      const ours = simulated(run, task.captureOn);
      if (gap) return gap.check(real, ours);
      for (const m of task.captureOn) expect(ours.frames[m], `frames on ${m}`).toEqual(real.frames[m]);
      expect(ours.lines).toEqual(real.lines);
    }, 120_000);
  }
});
