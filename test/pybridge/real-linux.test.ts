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
 * Fourteen tasks differ for reasons labwire does not model yet; KNOWN_GAPS says why and pins the
 * difference down exactly, so that a change in it (a fix) makes the test fail and be tightened.
 * In one (multicast) several hosts send at random delays, so their frames interleave as the
 * draws fall: DRAWN_GAPS compares each host's frames in order, in both suites.
 *
 * A second suite runs every task again with the python3 CPU profile on links at the veth hop,
 * the timing model of a real machine: there 28 of the 37 agree frame for frame, eight differ in
 * timing only (TIMED_GAPS) and multicast as above.
 */
import { describe, expect, it } from 'vitest';
import { onLab, runPy } from './run-world.ts';
import { REAL_TASKS } from './real-tasks.ts';
import { VETH_HOP } from '../../src/sim/link.ts';
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

/**
 * `frames` with each FIN-only frame of the server (its lines contain `server`) folded into the
 * server's data frame before it: what the capture looks like when close() comes while that
 * data is still unsent (held by Nagle behind an unacknowledged segment). The peer's ACK of the
 * segment before goes too: with both arriving together, one ACK answers them.
 */
function finsFolded(frames: readonly string[], server: string): string[] {
  const out = [...frames];
  for (let i = 0; i < out.length; i++) {
    if (!(out[i]!.includes(server) && / FIN,ACK .* data=0 /.test(out[i]!))) continue;
    let j = i - 1;
    while (j >= 0 && !(out[j]!.includes(server) && !/ data=0 /.test(out[j]!))) j--;
    out[j] = out[j]!.replace(' PSH,ACK ', ' FIN,PSH,ACK ');
    out.splice(i--, 1);
    const ack = out[j - 1];
    if (ack && !ack.includes(server) && / ACK win=\d+ data=0 /.test(ack) && out[j - 2]?.includes(server)) {
      out.splice(j - 1, 1);
      i--;
    }
  }
  return out;
}

/**
 * Why frames of one connection come in another order on Linux's veth than in labwire (busy,
 * halfclose, sockopts): the peer's immediate ACK is handled inside the sender's system call.
 */
const VETH_INLINE_ACKS = "On veth a segment's immediate ACK is handled inside the system call that sent it " +
  '(veth_xmit → netif_rx; the receive softirq runs at local_bh_enable before the call returns, and so does the ' +
  "ACK coming back), so the program's next segment (a FIN, more data) leaves after that ACK. labwire's link takes " +
  '20 µs each way and its programs no time, so the next segment leaves first.';

/**
 * The same frames on every machine, only some in another order, and the same output lines —
 * each program's in any order with `linesInAnyOrder` (two programs racing: which answer came
 * first is the race's outcome).
 */
function sameFramesOtherOrder(real: Side, ours: Side, linesInAnyOrder = false): void {
  const sorted = (f: readonly string[]) => [...f].sort();
  for (const m of Object.keys(real.frames)) expect(sorted(ours.frames[m]!), `frames on ${m}`).toEqual(sorted(real.frames[m]!));
  expect(Object.keys(real.frames).some((m) => JSON.stringify(ours.frames[m]) !== JSON.stringify(real.frames[m]))).toBe(true); // the gap: tighten this test once it closes
  if (!linesInAnyOrder) return void expect(ours.lines).toEqual(real.lines);
  expect(Object.keys(ours.lines).sort()).toEqual(Object.keys(real.lines).sort());
  for (const k of Object.keys(real.lines)) expect(sorted(ours.lines[k]!), k).toEqual(sorted(real.lines[k]!));
}

/**
 * `frames` (the server's capture) with every server FIN-only frame moved before the peer's pure
 * ACK just before it, where that ACK answers the server's data frame before it: the order when
 * the FIN leaves before the ACK comes back.
 */
function finsBeforePeerAcks(frames: readonly string[]): string[] {
  const out = [...frames];
  for (let i = 2; i < out.length; i++) {
    const fin = out[i]!;
    const ack = out[i - 1]!;
    const data = out[i - 2]!;
    if (fin.includes(OUT) && / FIN,ACK .* data=0 /.test(fin) && !ack.includes(OUT) && / ACK win=\d+ data=0 /.test(ack) &&
      data.includes(OUT) && !/ data=0 /.test(data)) [out[i - 1], out[i]] = [fin, ack];
  }
  return out;
}

/** busy's and restart's gap: mesin2's frames the same, mesin1's with each server FIN before the peer's ACK of the data before it */
function serverFinsFirst(real: Side, ours: Side): void {
  expect(ours.frames.mesin2).toEqual(real.frames.mesin2);
  expect(ours.frames.mesin1).toEqual(finsBeforePeerAcks(real.frames.mesin1!));
  expect(ours.frames.mesin1).not.toEqual(real.frames.mesin1); // the gap: tighten this test once it closes
  expect(ours.lines).toEqual(real.lines);
}

/**
 * A difference in timing only: the same handshakes (SYN and SYN-ACK frames, options included)
 * and the same bytes each way on every machine, the same output lines, but not the same frames
 * (segments cut or ordered otherwise).
 */
function timingOnly(real: Side, ours: Side): void {
  const syns = (f: readonly string[]) => f.filter((x) => / SYN(,ACK)? win=/.test(x)).sort();
  for (const m of Object.keys(real.frames)) {
    expect(syns(ours.frames[m]!), `handshakes on ${m}`).toEqual(syns(real.frames[m]!));
    expect(syns(real.frames[m]!).length).toBeGreaterThan(0);
    expect(bytesEachWay(ours.frames[m]!), `bytes each way on ${m}`).toEqual(bytesEachWay(real.frames[m]!));
  }
  expect(Object.keys(real.frames).some((m) => JSON.stringify(ours.frames[m]) !== JSON.stringify(real.frames[m]))).toBe(true); // the gap: tighten this test once it closes
  expect(ours.lines).toEqual(real.lines);
}

/**
 * Why programs that take no time between calls cut a stream otherwise than Linux (framed,
 * epollet): on Linux each Python call and the code between takes µs, and on veth a segment's
 * ACK comes back inside the send, so each write leaves as its own segment when labwire's Nagle
 * or autocorking gathers several. With the python3 CPU profile on the veth hop they match
 * (the second suite below).
 */
const NO_PROGRAM_TIME = "Programs here take no time between calls and the link 20 µs each way, so Nagle gathers " +
  'writes that on Linux leave one by one (each takes µs of Python and its ACK is back inside the send on veth). ' +
  'With --cpu python3 on the veth hop every frame agrees (the second suite).';

/** upload's 300 000 bytes */
const UPLOAD_PACE = "The server's windows during a 300 000-byte upload follow how fast the Python server's recv(4096) " +
  'loop drains the queue (tcp_rcv_space_adjust, tcp_grow_window, a zero window when it falls behind), and so does how ' +
  "the client's sendall() is cut: on Linux three recordings differed (windows 78 92 88 76 74 21 10 0 92 92 183 …, " +
  "78 92 88 76 74 47 12 0 92 30 0 62 … and, the kept one, 78 92 88 76 74 47 12 0 92 37 0 …). The same handshake, bytes " +
  'each way and output.';

/** bcastany's two answerers */
const TWO_WOKEN = 'One broadcast wakes the answerers on mesin2 and mesin3 at once: in the recording mesin3 answered ' +
  "0.7 ms after mesin2 (two vCPUs shared with three tcpdumps), so each answer's ARP and datagram come apart; in " +
  'labwire both run in the same instant (with --cpu python3, a few µs apart, in the order their wake-up draws ' +
  'fall), so their ARP requests come first, then both answers. The same frames on every machine, the same lines.';

const raceOfTwo = (real: Side, ours: Side): void => sameFramesOtherOrder(real, ours, true);

/** aiochat's two connections, on Linux and here */
const ASYNCIO_START = "asyncio.open_connection() resolves the host in the loop's thread pool: on Linux the second " +
  "connection's SYN leaves ~450 µs after the first's (the pool starting its second thread, asyncio's Python " +
  'work), after the first handshake has ended; in labwire that work takes no time (the python3 profile charges ' +
  'calls, not a new thread or the code between calls), so the two handshakes interleave and so do the exchanges.';

/**
 * Differences that come from randomness both kernels draw, in either suite: the interleaving of
 * several hosts' frames sent at random delays.
 */
const DRAWN_GAPS: Record<string, { why: string; check: (real: Side, ours: Side) => void }> = {
  multicast: {
    why: "Each IGMPv3 report after a join's or a leave's first comes at a random delay below 1 s " +
      '(igmp_ifc_start_timer: get_random_u32_below(unsolicited report interval) + 2 jiffies), drawn on Linux by the ' +
      "kernel and in labwire from the host's seeded stream, so how mesin2's and mesin3's reports interleave is the " +
      "draws'. Every machine sees the same frames, and each host's own frames (its reports, the datagrams) in the same order.",
    check: (real, ours) => {
      const sorted = (f: readonly string[]) => [...f].sort();
      const from = (f: readonly string[], ip: string) => f.filter((x) => x.includes(` ${ip}>`));
      for (const m of Object.keys(real.frames)) {
        expect(sorted(ours.frames[m]!), `frames on ${m}`).toEqual(sorted(real.frames[m]!));
        for (const ip of ['172.20.0.3', '172.20.0.4', '172.20.0.5']) expect(from(ours.frames[m]!, ip), `${ip}'s frames on ${m}`).toEqual(from(real.frames[m]!, ip));
      }
      expect(from(real.frames.mesin1!, '172.20.0.4')).toHaveLength(4); // two reports for the join, two for the leave
      expect(ours.lines).toEqual(real.lines);
    },
  },
};

const KNOWN_GAPS: Record<string, { why: string; check: (real: Side, ours: Side) => void }> = {
  stdlib: {
    why: "With programs that take no time, http.server's close() comes while the body is still held by " +
      "Nagle behind the unacknowledged headers (sent a moment before with no ACK back yet), so the FIN " +
      'rides on the body; on Linux the handler takes ~200 µs between the two writes, the ACK of the ' +
      'headers is back by then, the body leaves at once and the FIN ~40 µs later on its own. With the ' +
      "python3 CPU profile and the veth hop the FIN is separate, but the client's close() still comes " +
      "before the server's (on Linux ~110 µs after the body against the server's ~40 µs): the profile " +
      'has no cost for the Python work between calls.',
    check: (real, ours) => {
      expect(ours.frames.mesin1).toEqual(finsFolded(real.frames.mesin1!, 'pkt=4 172.16.16.101>'));
      // mesin2 gets the same frames; without the profile and on the lab's 20 µs link (veth: ~3 µs)
      // its own frames go out before the server's arrive where on Linux they come after
      const sorted = (f: readonly string[]) => [...f].sort();
      const folded = finsFolded(real.frames.mesin2!, 'pkt=0 172.16.16.101>');
      expect(sorted(ours.frames.mesin2!)).toEqual(sorted(folded));
      expect(ours.frames.mesin2).not.toEqual(folded); // the gap: tighten this test once it closes
      expect(ours.lines).toEqual(real.lines);
    },
  },
  chat: {
    why: "The server's thread writes the chat line to the other client, then json.dumps and writes the sender's " +
      "OK: on Linux ~95 µs of Python lie between the two writes, and the other client's ACK of the first " +
      '(~30 µs over veth) comes in between. labwire\'s programs take no time between calls and its link 20 µs each ' +
      "way, so the OK leaves first. Each connection's frames are the same, only how the two interleave on " +
      'mesin1 differs (twice, once per chat line).',
    check: (real, ours) => {
      for (const m of ['mesin2', 'mesin3']) expect(ours.frames[m], `frames on ${m}`).toEqual(real.frames[m]);
      const peer = (frames: readonly string[], ip: string) => frames.filter((f) => f.includes(`${ip}>`) || f.includes(`>${ip} `));
      for (const ip of ['172.16.16.102', '172.16.16.103']) expect(peer(ours.frames.mesin1!, ip), `mesin1 with ${ip}`).toEqual(peer(real.frames.mesin1!, ip));
      expect(ours.frames.mesin1).not.toEqual(real.frames.mesin1); // the gap: tighten this test once it closes
      expect(ours.lines).toEqual(real.lines);
    },
  },
  busy: {
    why: VETH_INLINE_ACKS + " Here the server's FIN follows the client's ACK of its answer on mesin1 (all four recordings).",
    check: serverFinsFirst,
  },
  restart: {
    why: VETH_INLINE_ACKS + " Here, on each of the three connections, the server's FIN (close() right after sendall()) " +
      "follows the client's ACK of the answer on mesin1. The errnos of the restarts (EADDRINUSE while the first " +
      "connection waits in TIME_WAIT, with SO_REUSEADDR too when the first server had not set it) are the same.",
    check: serverFinsFirst,
  },
  halfclose: {
    why: VETH_INLINE_ACKS + " Here: the client's sendall(10000) leaves as 7240 + 2760 bytes and on Linux the server's " +
      "ACK of the first is handled inside that sendall, before the second leaves, and its ACK before the " +
      "shutdown() FIN; the server's FIN follows the client's ACK of its answer. The second connection (the client's " +
      'SO_LINGER 0 reset while the server waits in recv) is identical.',
    check: (real, ours) => {
      const second = (f: readonly string[]) => f.slice(f.findLastIndex((x) => / SYN win=/.test(x)));
      sameFramesOtherOrder(real, ours);
      for (const m of ['mesin1', 'mesin2']) {
        expect(second(ours.frames[m]!), `the second connection on ${m}`).toEqual(second(real.frames[m]!));
        expect(second(real.frames[m]!).some((f) => / RST,ACK /.test(f))).toBe(true);
      }
      expect(ours.frames.mesin1).toEqual(finsBeforePeerAcks(real.frames.mesin1!));
    },
  },
  sockopts: {
    why: VETH_INLINE_ACKS + " Here: the server's ACK of the client's 5 bytes comes before the client's shutdown() FIN " +
      "on Linux, after it in labwire; the client's ACK of the answer before the server's FIN. TTL 32 (IP_TTL) on " +
      'every client segment but the last, which its timewait mini-socket sends with the default 64, and the ' +
      'windows of an 8192-byte SO_RCVBUF (2920, then 2908), are the same.',
    check: (real, ours) => {
      sameFramesOtherOrder(real, ours);
      expect(ours.frames.mesin1).toEqual(finsBeforePeerAcks(real.frames.mesin1!));
      expect(real.frames.mesin1!.filter((f) => / ttl=32 /.test(f))).toHaveLength(5);
    },
  },
  fileproto: {
    why: "The client reads each base64 answer with recv(1000) as it comes. The server's sendall() of 8055 bytes " +
      "leaves as 7240 + 815; the client ACKs the 7240 at once (win 78), and whether the 815 bytes make the window grow " +
      "(tcp_grow_window: only while tcp_space(), the buffer less what is queued, leaves room above rcv_ssthresh) depends " +
      "on whether the Python client has read the 7240 bytes yet: on Linux it has not (its next request says win 78), here " +
      'it takes no time and has (win 81 from the next request on). With --cpu python3 on the veth hop the windows agree.',
    check: (real, ours) => {
      timingOnly(real, ours);
      const wins = (f: readonly string[]) => f.map((x) => x.replace(/ win=\d+ /, ' '));
      for (const m of ['mesin1', 'mesin2']) expect(wins(ours.frames[m]!).sort(), `frames but windows on ${m}`).toEqual(wins(real.frames[m]!).sort());
    },
  },
  selchat: {
    why: VETH_INLINE_ACKS + " Here the select() server's loop sendall()s each chat line to the other clients in turn: " +
      "on Linux each one's ACK comes back inside that sendall, before the line to the next client; in labwire the lines " +
      "to all clients leave first. Each machine sees the same frames, mesin1's loopback ones (citra over 127.0.0.1) " +
      'included; with --cpu python3 on the veth hop every frame agrees.',
    check: (real, ours) => {
      sameFramesOtherOrder(real, ours);
      for (const m of ['mesin2', 'mesin3']) expect(ours.frames[m], `frames on ${m}`).toEqual(real.frames[m]);
      // the loopback connection, each frame once (libpcap's any drops lo's outgoing copies): handshake, 6 + 23 bytes, their ACKs, FINs, ACK
      expect(real.frames.mesin1!.filter((f) => f.includes(' 127.0.0.1>127.0.0.1 '))).toHaveLength(10);
    },
  },
  framed: { why: NO_PROGRAM_TIME, check: timingOnly },
  upload: { why: UPLOAD_PACE, check: timingOnly },
  bcastany: { why: TWO_WOKEN, check: raceOfTwo },
  aiochat: { why: ASYNCIO_START, check: timingOnly },
  epollet: { why: NO_PROGRAM_TIME, check: timingOnly },
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
    const gap = KNOWN_GAPS[task.name] ?? DRAWN_GAPS[task.name];
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

/**
 * The same recordings against labwire with the python3 CPU profile (each call's cost, the
 * reader's wake-up latency, a socket locked during a send's copy) on links at the namespace lab's
 * veth hop (test/helpers/veth.ts): the model of a real machine's timing. Every frame and line
 * agrees for all tasks but these eight, which still differ in timing only.
 */
const TIMED_GAPS: Record<string, string> = {
  stdlib: "http.server's close() still comes before the client's on Linux: the profile charges calls, not the Python work between them (~200 µs in http.server's handler)",
  framed: 'the server\'s five sendall()s of 10–12010 bytes: Linux cut them 3014, 6014, 7240 + 1774, 11584 + 430 with its ACKs in between; the profile\'s copy cost per byte is an average',
  halfclose: "the client's sendall(10000) as 7240 + 2760 bytes with the server's ACK of the first in between on Linux: the ACK comes back later here",
  aiochat: ASYNCIO_START,
  bcastany: TWO_WOKEN,
  upload: UPLOAD_PACE,
  fileproto: "the server's sendall() of 8055 bytes as 7240 + 815 with the client's ACK of the first in between on Linux (handled inside the sendall, as in halfclose): the ACK comes back later here",
  sendfile: 'the echo server answers while the file still arrives (Linux: 555 or 1816 frames in two recordings): how many 32-byte answers leave alone depends on µs',
};

describe('the same, with --cpu python3 on the veth hop: the timing of a real machine', () => {
  for (const task of REAL_TASKS) {
    const gap = TIMED_GAPS[task.name];
    const drawn = DRAWN_GAPS[task.name];
    const title = drawn ? `${task.name}: the frames drawn at random in another order, nothing else` : gap ? `${task.name}: timing only (${gap.slice(0, 60)}…)` : `${task.name}: the same frames and output lines`;
    it(title, async () => {
      const real = recorded(task.name, task.captureOn);
      const links = { progjar: VETH_HOP }; // labwire run --links veth
      const run = await runPy({ ...onLab(`real-timed-${task.name}`, [...task.captureOn]), kernel: 'linux-6.18', cpu: 'python3', links }, task.entries(), 1);
      const ours = simulated(run, task.captureOn);
      if (drawn) return drawn.check(real, ours);
      if (gap) return task.name === 'bcastany' ? raceOfTwo(real, ours) : timingOnly(real, ours);
      for (const m of task.captureOn) expect(ours.frames[m], `frames on ${m}`).toEqual(real.frames[m]);
      expect(ours.lines).toEqual(real.lines);
    }, 120_000);
  }
});
