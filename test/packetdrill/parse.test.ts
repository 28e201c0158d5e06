import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/packetdrill/lexer.ts';
import { parseScript, ScriptSyntaxError } from '../../src/packetdrill/parse.ts';
import type { PacketSpec, ScriptEvent } from '../../src/packetdrill/script.ts';

function packetOf(e: ScriptEvent | undefined): PacketSpec {
  if (!e || e.kind !== 'packet') throw new Error(`not a packet event: ${JSON.stringify(e)}`);
  return e.packet;
}

describe('tokenize', () => {
  it('splits times, ellipses and sequence ranges as flex would (longest match)', () => {
    const kinds = tokenize('+.1...0.200 read(4, ..., 2000) = 2000').map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual(['char:+', 'float:.1', 'ellipsis:...', 'float:0.200', 'word:read', 'char:(', 'int:4', 'char:,', 'ellipsis:...', 'char:,', 'int:2000', 'char:)', 'char:=', 'int:2000', 'eof:']);
    expect(tokenize('1:1001').map((t) => t.kind)).toEqual(['int', 'char', 'int', 'eof']);
    expect(tokenize('192.0.2.1 fd::1 0x1f').map((t) => t.kind)).toEqual(['ipv4', 'ipv6', 'hex', 'eof']);
  });

  it('drops comments and keeps line numbers across them', () => {
    const toks = tokenize('// one\n/* two\nthree */ socket // four\n`cmd\nmore`\n%{ assert x }%');
    expect(toks.map((t) => [t.kind, t.text, t.line])).toEqual([
      ['word', 'socket', 3],
      ['backquoted', 'cmd\nmore', 4],
      ['code', 'assert x', 6],
      ['eof', '', 6],
    ]);
  });

  it('reads any decimal integer back as its value', () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (n) => {
      const [t] = tokenize(String(n));
      expect(t).toMatchObject({ kind: 'int', value: n });
    }));
  });
});

describe('parseScript', () => {
  const script = parseScript(`--tolerance_usecs=10000
\`../common/defaults.sh\`
    0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
   +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
   +0 > S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 8>
  +.1 < S. 0:0(0) ack 1 win 5792 <mss 1460,nop,nop,sackOK,nop,wscale 7>
  +0...0.000249 read(3, ..., 1000) = 1000
 +.3~+.4 > [ect0] P. 1:41(40) ack 1 <...>
    * > . 41:41(0) ack 1 win 229 <nop,nop,sack 1001:2001 3001:4001>
   +0 %{ assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd }%
   +0 sendmsg(3, {msg_name(...)=..., msg_iov(1)=[{..., 40}], msg_flags=0}, MSG_MORE) = 40
   +0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)
\`/tmp/sysctl_restore_\${PPID}.sh\`
`);

  it('reads options, the init and cleanup commands', () => {
    expect(script.options.get('tolerance_usecs')).toBe('10000');
    expect(script.init).toBe('../common/defaults.sh');
    expect(script.cleanup).toBe('/tmp/sysctl_restore_${PPID}.sh');
    expect(script.events).toHaveLength(10);
  });

  it('reads system calls with errno, notes and blocking end times', () => {
    const connect = script.events[1]!;
    expect(connect).toMatchObject({ kind: 'syscall', line: 4, call: { name: 'connect', errno: 'EINPROGRESS', result: { kind: 'int', value: -1 } } });
    // C's truncating cast: 0.000249 s is 248 µs in packetdrill
    expect(script.events[4]).toMatchObject({ kind: 'syscall', call: { name: 'read', endUsecs: 248 }, time: { type: 'relative', usecs: 0 } });
    expect(script.events[9]).toMatchObject({ kind: 'syscall', call: { name: 'fcntl', errno: null, result: { kind: 'int', value: 2 } } });
  });

  it('reads packets: flags, ranges, ack, win, options, ECN, time ranges', () => {
    expect(packetOf(script.events[2])).toMatchObject({ direction: 'out', flags: 'S', seq: 0, len: 0, ack: null, win: null, options: [{ kind: 'mss', mss: 1460 }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval: 100, tsecr: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 8 }] });
    expect(packetOf(script.events[3])).toMatchObject({ direction: 'in', flags: 'S.', ack: 1, win: 5792 });
    const psh = packetOf(script.events[5]);
    expect(psh).toMatchObject({ flags: 'P.', seq: 1, len: 40, ecn: 'ect0', options: null });
    expect(script.events[5]!.time).toEqual({ type: 'range', relative: true, usecs: 300000, endUsecs: 400000 });
    expect(script.events[6]!.time).toEqual({ type: 'any' });
    expect(packetOf(script.events[6]).options).toEqual([{ kind: 'nop' }, { kind: 'nop' }, { kind: 'sack', blocks: [[1001, 2001], [3001, 4001]] }]);
    expect(script.events[7]).toMatchObject({ kind: 'code', code: 'assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd' });
  });

  it('reads struct arguments by field name', () => {
    const e = script.events[8]!;
    if (e.kind !== 'syscall') throw new Error('not a syscall');
    const msg = e.call.args[1]!;
    expect(msg.kind).toBe('struct');
    if (msg.kind !== 'struct') return;
    expect(msg.fields.map((f) => f.name)).toEqual(['msg_name', 'msg_iov', 'msg_flags']);
    expect(msg.fields[1]!.count).toEqual({ kind: 'int', value: 1 });
  });

  it('names the line of a syntax error', () => {
    expect(() => parseScript('0 socket(..., SOCK_STREAM) = 3\n+0 > S 0:10(0)\n')).toThrow(/line 2: inconsistent sequence range/);
    expect(() => parseScript('0 socket(\n')).toThrow(ScriptSyntaxError);
    expect(() => parseScript('+0 < S 0:0(0) <...>')).toThrow(/only be used with outbound/);
    expect(() => parseScript('* read(3, ..., 1) = 1')).toThrow(/line 1: event time \* can only be used with outbound packets/);
  });
});
