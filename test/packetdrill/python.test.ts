import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionFailed, PythonEnv, UnknownName } from '../../src/packetdrill/python.ts';
import { snippetLocals } from '../../src/packetdrill/tcp-info.ts';
import type { TcpInfo } from '../../src/stack/syscall/api.ts';

const info = { tcpi_snd_cwnd: 10, tcpi_ca_state: 3, tcpi_options: 0x27, tcpi_rtt: 12000 } as unknown as TcpInfo;
const locals = snippetLocals(info);

describe('PythonEnv', () => {
  it('passes and fails assertions the way Python does, with the message evaluated', () => {
    const env = new PythonEnv();
    env.run('assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd', locals);
    env.run('assert tcpi_ca_state == TCP_CA_Recovery, tcpi_ca_state', locals);
    env.run('assert (tcpi_options & TCPI_OPT_SYN_DATA) != 0, tcpi_options', locals);
    env.run('assert 5000 <= tcpi_rtt <= 20000, "srtt=%d us" % tcpi_rtt', locals);
    expect(() => env.run("assert tcpi_snd_cwnd == 12, 'cwnd=%d' % tcpi_snd_cwnd", locals)).toThrow(new AssertionFailed('cwnd=10', "assert tcpi_snd_cwnd == 12, 'cwnd=%d' % tcpi_snd_cwnd"));
    expect(() => env.run("assert 1 <= tcpi_snd_cwnd <= 9, 'a %d b %d' % (tcpi_snd_cwnd, tcpi_rtt)", locals)).toThrow('a 10 b 12000');
  });

  it('keeps globals across snippets, joins backslash lines and splits at semicolons', () => {
    const env = new PythonEnv();
    env.run('print(tcpi_snd_cwnd); cwnd = 10 # start\nTCP_INFINITE_SSTHRESH = 0x7fffffff', locals);
    env.run('cwnd += 10; \\\n assert cwnd == 20, cwnd', locals);
    expect(env.globals.get('TCP_INFINITE_SSTHRESH')).toBe(0x7fffffff);
    expect(env.printed).toEqual(['10']);
  });

  it('names a field the simulation does not keep', () => {
    expect(() => new PythonEnv().run('assert tcpi_busy_time > 0', locals)).toThrow(UnknownName);
  });

  it('agrees with integer arithmetic for + - * // % & | and comparisons', () => {
    const small = fc.integer({ min: -1000, max: 1000 });
    fc.assert(fc.property(small, small, fc.integer({ min: 1, max: 50 }), (a, b, c) => {
      const env = new PythonEnv();
      env.run(`x = ${a} + ${b} * ${c} // ${c} - (${a} % ${c})`, () => undefined);
      const mod = ((a % c) + c) % c;
      expect(env.globals.get('x')).toBe(a + Math.floor((b * c) / c) - mod);
      env.run(`y = (${Math.abs(a)} & ${Math.abs(b)}) | 1`, () => undefined);
      expect(env.globals.get('y')).toBe((Math.abs(a) & Math.abs(b)) | 1);
      env.run(`z = ${a} < ${b} <= ${b}`, () => undefined);
      expect(env.globals.get('z')).toBe(a < b ? 1 : 0);
    }));
  });
});
