import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { extractPyArgs, parseAt } from '../../src/cli/python.ts';
import { LAB_PROGRAMS, PROGRAMS } from './run-world.ts';
import { errorTableRows } from '../cli/helpers.ts';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A Python program of these lines, written as NAME in `dir`; its path. */
function program(dir: string, name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [...lines, ''].join('\n'));
  return path;
}

describe('labwire run --py', () => {
  it('takes --py/--at/--stdin/--python out of the command line, in either spelling', () => {
    const r = extractPyArgs(['--seed', '3', '--py', 'mesin1=server.py', "--py=mesin2=client.py 32444", '--at', 'mesin2=1.5s', '--stdin=mesin1=hi\n', '--out', 'x']);
    expect(r.rest).toEqual(['--seed', '3', '--out', 'x']);
    expect(r.programs).toEqual([
      { machine: 'mesin1', file: 'server.py', args: [], at: 0, stdin: 'hi\n' },
      { machine: 'mesin2', file: 'client.py', args: ['32444'], at: 1.5e9 },
    ]);
    expect(extractPyArgs(['--py', 'mesin1=server.py 8889 &']).programs[0]).toEqual({ machine: 'mesin1', file: 'server.py', args: ['8889'], at: 0, daemon: true });
    expect(parseAt('250ms', 'x')).toBe(250e6);
    expect(parseAt('1.5', 'x')).toBe(1.5e9);
    expect(() => parseAt('soon', '--at mesin2')).toThrow(/--at mesin2: "soon" is not a duration like '1s'/);
    expect(() => extractPyArgs(['--py', 'server.py'])).toThrow(/--py takes MACHINE=VALUE/);
    expect(() => extractPyArgs(['--py', 'mesin1=a.py', '--at', 'mesin3=1s'])).toThrow(/mesin3, which runs no --py program/);
  });

  it('splits a --py command into words as a shell would: quotes keep blanks, an open quote is an error', () => {
    const args = (v: string) => extractPyArgs(['--py', v]).programs[0]!.args;
    expect(args(`mesin2=c.py 172.16.16.101 10000 'hello |!!|world'`)).toEqual(['172.16.16.101', '10000', 'hello |!!|world']);
    expect(args(String.raw`mesin2=c.py "a \"b\" c" d\ e '' x`)).toEqual(['a "b" c', 'd e', '', 'x']);
    expect(args(`mesin2=c.py it"'"s' fine'`)).toEqual(["it's fine"]);
    expect(extractPyArgs(['--py', `mesin1=s.py 'a b' &`]).programs[0]).toMatchObject({ args: ['a b'], daemon: true });
    expect(() => extractPyArgs(['--py', `mesin2=c.py 'hello`])).toThrow(/--py mesin2=c.py 'hello: unterminated ' at character 6/);
    expect(() => extractPyArgs(['--py', 'mesin2=c.py "a']).programs).toThrow(/unterminated " at character 6/);
  });

  it('runs the lab on its machines: the echo transcripts and mesin1 capture equal `labwire run echo-32444`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const py = await cli('run', '--py', `mesin1=${LAB_PROGRAMS}/server.py 32444`, '--py', `mesin2=${LAB_PROGRAMS}/client.py 32444`, '--at', 'mesin2=1s', '--out', join(dir, 'py'));
    expect(py.code).toBe(0);
    expect(py.out).toMatch(/server\.py was still running at the end, waiting in accept\(\), and was stopped/);
    const ts = await cli('run', 'echo-32444', '--out', join(dir, 'ts'));
    expect(ts.code).toBe(0);
    const read = (sub: string, f: string) => readFileSync(join(dir, sub, f));
    expect(read('py', 'python.mesin1.txt')).toEqual(read('ts', 'echo-32444.mesin1.txt'));
    expect(read('py', 'python.mesin2.txt')).toEqual(read('ts', 'echo-32444.mesin2.txt'));
    expect(read('py', 'python.mesin1-any.pcap')).toEqual(read('ts', 'echo-32444.mesin1-any.pcap'));
  }, 60_000);

  it('names a missing file or machine (exit 2, nothing written) and fails a run with a not-simulated call (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const missing = await cli('run', '--py', 'mesin1=nowhere.py', '--out', join(dir, 'a'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--py mesin1=nowhere\.py: no such file/);
    expect(() => readdirSync(join(dir, 'a'))).toThrow();
    const machine = await cli('run', '--py', `mesin9=${PROGRAMS}/clocks.py`);
    expect(machine.err).toMatch(/the lab has no machine mesin9/);
    const fork = await cli('run', '--py', `mesin1=${PROGRAMS}/errors.py`, '--out', join(dir, 'b'));
    expect(fork.code).toBe(1);
    expect(fork.out).toMatch(/mesin1 errors\.py: os\.fork\(\) is not simulated \(errors\.py:15\)/);
  }, 60_000);

  it('fails the run (exit 1) when a client crashes, even one that --py put in the background because another starts after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const crash = join(dir, 'crash_client.py');
    writeFileSync(crash, "import socket\nsocket.create_connection(('172.16.16.101', 1))\n");
    const r = await cli('run', '--py', `mesin2=${crash}`, '--py', `mesin3=${PROGRAMS}/clocks.py`, '--at', 'mesin3=1s', '--out', join(dir, 'out'));
    expect(r.code).toBe(errorTableRows().find((row) => row.id === 'P10')?.code); // docs/errors.md
    expect(r.err).toMatch(/program crash_client\.py on mesin2: PythonExit: .*crash_client\.py exited with status 1/);
    expect(r.err).not.toMatch(/\(daemon/);
    expect(readFileSync(join(dir, 'out', 'python.mesin2.txt'), 'utf8')).toMatch(/ConnectionRefusedError: \[Errno 111\] Connection refused/);
  }, 60_000);

  it('waits for a client that starts before another until it ends, and stops a server once it only waits for clients', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const slow = program(dir, 'slow_client.py', [
      'import socket, time',
      "s = socket.create_connection(('172.16.16.101', 10000))",
      'for i in range(3):',
      "    s.sendall(b'ping %d' % i)",
      '    print(s.recv(32))',
      '    time.sleep(1)',
      "print('done')",
    ]);
    const r = await cli('run', '--py', `mesin1=${PROGRAMS}/server_thread.py 10000`, '--py', `mesin2=${slow}`,
      '--py', `mesin3=${PROGRAMS}/echo_client.py 172.16.16.101 10000`, '--at', 'mesin2=1s', '--at', 'mesin3=1100ms', '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    // the first client sleeps 3 s, far past the second's end: it runs to its last line
    expect(readFileSync(join(dir, 'out', 'python.mesin2.txt'), 'utf8')).toMatch(/b'ping 2'\ndone\n$/);
    expect(r.out).toMatch(/server_thread\.py was still running at the end, waiting in accept\(\), and was stopped/);
    expect(r.out).not.toMatch(/slow_client\.py was still running/);
    // a UDP client waiting for a reply (its socket bound by sendto, not by the program) is not a server
    const udp = program(dir, 'udp_client.py', [
      'import socket, time',
      's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
      's.settimeout(3)',
      'for i in range(2):',
      "    s.sendto(b'x', ('172.16.16.101', 10000))",
      '    time.sleep(0.5)',
      '    try:',
      '        s.recvfrom(10)',
      '    except socket.timeout:',
      "        print('no reply', i)",
    ]);
    expect((await cli('run', '--py', `mesin2=${udp}`, '--out', join(dir, 'udp'))).code).toBe(0);
    expect(readFileSync(join(dir, 'udp', 'python.mesin2.txt'), 'utf8')).toBe('no reply 0\nno reply 1\n');
    // alone, too: a client in connect() or sleep() keeps the run going
    const alone = await cli('run', '--py', `mesin1=${PROGRAMS}/server_thread.py 10000`, '--py', `mesin2=${slow}`, '--at', 'mesin2=1s', '--out', join(dir, 'alone'));
    expect(alone.code).toBe(0);
    expect(readFileSync(join(dir, 'alone', 'python.mesin2.txt'), 'utf8')).toMatch(/b'ping 2'\ndone\n$/);
  }, 60_000);

  it('runs an asyncio server and its client started together on one machine to a clean end (exit 0, no stall)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const r = await cli('run', '--py', `mesin1=${PROGRAMS}/asyncio_stream_server.py 9000`, '--py', `mesin1=${PROGRAMS}/asyncio_client.py 127.0.0.1 9000`, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/stalled/);
    expect(r.out.match(/^echo b'asyncio line \d\\n'/gm)).toHaveLength(3);
    expect(r.out).toMatch(/asyncio_stream_server\.py was still running at the end, waiting in epoll_wait\(\), and was stopped/);
  }, 60_000);

  it("getsockopt(TCP_INFO, buflen) gives struct tcp_info's bytes as Linux lays them out", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const info = program(dir, 'tcp_info.py', [
      'import socket, struct',
      "s = socket.create_connection(('172.16.16.101', 10000))",
      'b = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 512)',
      "state, ca_state = b[0], b[1]",
      "snd_mss, = struct.unpack_from('I', b, 16)",
      "ssthresh, cwnd = struct.unpack_from('II', b, 76)",
      "acked, = struct.unpack_from('Q', b, 120)",
      'print(len(b), state, ca_state, snd_mss, cwnd, ssthresh, acked, len(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)))',
    ]);
    const r = await cli('run', '--py', `mesin1=${PROGRAMS}/server_thread.py 10000`, '--py', `mesin2=${info}`, '--at', 'mesin2=1s', '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    // the lab's 5.15 kernel: 232 bytes; ESTABLISHED (1), Open (0), MSS 1448 with timestamps, IW 10, no
    // ssthresh yet, bytes_acked 1 (the SYN: a real 6.18 client read 16385 after sending 16384)
    expect(readFileSync(join(dir, 'out', 'python.mesin2.txt'), 'utf8')).toBe('232 1 0 1448 10 2147483647 1 104\n');
  }, 60_000);

  it('TCP_CONGESTION reads and sets the algorithm by name, with Linux\'s errors (checked against 6.18)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const cc = program(dir, 'congestion.py', [
      'import socket',
      's = socket.socket()',
      'print(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16))',
      "s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, b'reno')",
      'print(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 8))',
      "for name in (b'vegas', b''):",
      '    try:',
      '        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, name)',
      '    except OSError as e:',
      '        print(e)',
    ]);
    const r = await cli('run', '--py', `mesin1=${cc}`, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'python.mesin1.txt'), 'utf8')).toBe(
      "b'cubic\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'\nb'reno\\x00\\x00\\x00\\x00'\n[Errno 2] No such file or directory\n[Errno 22] Invalid argument\n",
    );
  }, 60_000);

  it('sendmsg/recvmsg/recvmsg_into as on Linux: MSG_TRUNC for a datagram cut short, no address on a stream (checked against 6.18)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const msg = program(dir, 'msg.py', [
      'import socket, threading',
      "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 6000))",
      'v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
      "v.sendmsg([b'0123', b'456789'], [], 0, ('127.0.0.1', 6000))",
      "v.sendto(b'abcd', ('127.0.0.1', 6000))",
      'print(u.recvmsg(4)[:3])',
      'b1, b2 = bytearray(3), bytearray(3)',
      'print(u.recvmsg_into([b1, b2])[:3], b1, b2)',
      "srv = socket.socket(); srv.bind(('127.0.0.1', 5000)); srv.listen(1)",
      "threading.Thread(target=lambda: srv.accept()[0].sendmsg([b'got ', b'it'])).start()",
      "c = socket.create_connection(('127.0.0.1', 5000))",
      'print(c.recvmsg(100))',
    ]);
    const r = await cli('run', '--py', `mesin1=${msg}`, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'python.mesin1.txt'), 'utf8')).toBe(
      "(b'0123', [], 32)\n(4, [], 0) bytearray(b'abc') bytearray(b'd\\x00\\x00')\n(b'got it', [], 0, None)\n",
    );
  }, 60_000);

  it('select() waits on stdin (the --stdin text, a pipe: readable at once) beside a socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const chat = program(dir, 'stdin_chat.py', [
      'import select, socket, sys',
      "s = socket.create_connection(('172.16.16.101', 10000))",
      'watch, sent, got = [s, sys.stdin], 0, 0',
      'while sent == 0 or got < sent:',
      '    for r in select.select(watch, [], [])[0]:',
      '        if r is sys.stdin:',
      '            line = sys.stdin.readline()',
      '            if not line:',
      '                watch.remove(sys.stdin)',
      '                continue',
      '            s.sendall(line.encode())',
      '            sent += len(line)',
      '        else:',
      '            data = s.recv(64)',
      '            got += len(data)',
      "            print('echo', data)",
      "print('done', sent, got)",
    ]);
    const r = await cli('run', '--py', `mesin1=${PROGRAMS}/server_thread.py 10000`, '--py', `mesin2=${chat}`, '--at', 'mesin2=1s', '--stdin', 'mesin2=one\ntwo\n', '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    const out = readFileSync(join(dir, 'out', 'python.mesin2.txt'), 'utf8');
    expect(out).toMatch(/done 8 8\n$/);
    expect(out.match(/^echo /gm)?.length).toBeGreaterThan(0);
  }, 60_000);

  it("stdout and stderr share one terminal, line-buffered as CPython makes them for a tty (checked on Linux under `script`)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const prompt = program(dir, 'prompt.py', ["print('first')", "x = input('Prompt:')"]);
    const partial = program(dir, 'partial.py', ['import sys', "print('a', end='')", "sys.stderr.write('E\\n')", "print('b', end='')", "raise RuntimeError('boom')"]);
    const hardExit = program(dir, 'hard_exit.py', ['import os', "print('kept')", "print('lost', end='')", 'os._exit(3)']);
    const transcript = async (prog: string) => {
      const out = join(dir, `out-${basename(prog, '.py')}`);
      await cli('run', '--py', `mesin1=${prog}`, '--out', out);
      return readFileSync(join(out, 'python.mesin1.txt'), 'utf8');
    };
    // input() flushes its prompt, so the EOFError's traceback goes on on the prompt's line
    expect(await transcript(prompt)).toMatch(/^first\nPrompt:Traceback \(most recent call last\):\n[^]*EOFError: EOF when reading a line\n$/);
    // 'a' and 'b' wait in stdout's buffer behind the stderr line; CPython flushes them just before the traceback
    expect(await transcript(partial)).toMatch(/^E\nabTraceback \(most recent call last\):\n[^]*RuntimeError: boom\n$/);
    // os._exit flushes nothing: the unterminated 'lost' never reaches the terminal
    expect(await transcript(hardExit)).toBe('kept\n');
  }, 60_000);

  it('--until ends the run at a simulated time, stopping an endless program as Ctrl-C would, and says so (exit 0); a bad time is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const ticker = program(dir, 'ticker.py', ['import time', 'n = 0', 'while True:', '    time.sleep(10)', '    n += 1', "    print('tick', n)"]);
    const r = await cli('run', '--py', `mesin1=${ticker}`, '--until', '35s', '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'python.mesin1.txt'), 'utf8')).toBe('tick 1\ntick 2\ntick 3\n');
    expect(r.out).toMatch(/\(the run ended at its end time, 35 s of simulated time \(--until\); the programs still running were stopped\)/);
    expect(r.out).toMatch(/ticker\.py was still running at the end, waiting in sleep\(\), and was stopped/);
    for (const bad of ['soon', '0s']) {
      const u = await cli('run', '--py', `mesin1=${ticker}`, '--until', bad, '--out', join(dir, 'bad'));
      expect(u.code).toBe(2);
      expect(u.err).toMatch(/--until: /);
    }
  }, 60_000);

  it('getaddrinfo(None, …) (asyncio.start_server(host=None)) and getnameinfo print what Linux prints (unnamed_host.linux.txt: 6.18, Debian 12 glibc)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const r = await cli('run', '--py', `mesin1=${PROGRAMS}/unnamed_host.py`, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'python.mesin1.txt'), 'utf8')).toBe(readFileSync(join(PROGRAMS, 'unnamed_host.linux.txt'), 'utf8'));
  }, 60_000);

  it('sockets and files share one fd numbering, and fcntl/os.read/os.write/os.dup/socket.dup/fromfd work on sockets, as the host python3 prints them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const file = join(PROGRAMS, 'fd_numbers.py');
    const r = await cli('run', '--py', `mesin1=${file}`, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    // the same program on this machine's own kernel (it opens no connection), from a clean fd table
    const real = execFileSync('python3', ['-c', `import os, runpy, sys; os.closerange(3, 65536); sys.argv = [${JSON.stringify(file)}]; runpy.run_path(sys.argv[0], run_name='__main__')`], { encoding: 'utf8' });
    expect(real).toMatch(/^first socket 3 /);
    expect(readFileSync(join(dir, 'out', 'python.mesin1.txt'), 'utf8')).toBe(real);
  }, 60_000);

  it('fcntl.ioctl on sockets (FIONREAD, TIOCOUTQ, SIOCOUTQNSD, SIOCATMARK, FIONBIO, each argument form, and the errors) prints what the host python3 prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const file = join(PROGRAMS, 'ioctl_queues.py');
    const r = await cli('run', '--py', `mesin1=${file}`, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    // the same program on this machine's own kernel: a loopback connection to itself
    const real = execFileSync('python3', [file], { encoding: 'utf8' });
    expect(real).toMatch(/^FIONREAD into an array: 0 1000\n/);
    expect(readFileSync(join(dir, 'out', 'python.mesin1.txt'), 'utf8')).toBe(real);
  }, 60_000);

  it("netdevice(7)'s SIOCGIF* requests through fcntl.ioctl answer lo as the host's kernel does, and eth1 with the lab's address, Docker's MAC and Ethernet's flags", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const file = join(PROGRAMS, 'ifreq.py');
    const r = await cli('run', '--py', `mesin1=${file} lo`, '--py', `mesin2=${file} eth1`, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    // lo is the same on every Linux: 127.0.0.1/8, no broadcast, UP|LOOPBACK|RUNNING, MTU 65536, ifindex 1, ARPHRD_LOOPBACK
    const real = execFileSync('python3', [file, 'lo'], { encoding: 'utf8' });
    expect(real).toMatch(/^lo 127\.0\.0\.1 255\.0\.0\.0 0\.0\.0\.0 0x49 65536 1 772 /);
    expect(readFileSync(join(dir, 'out', 'python.mesin1.txt'), 'utf8')).toBe(real);
    // mesin2's eth1 (LAB.md: 172.16.16.102/24; Docker's MAC 02:42 + the address; ifindex 3 after lo and eth0)
    expect(readFileSync(join(dir, 'out', 'python.mesin2.txt'), 'utf8').split('\n')[0]).toBe('eth1 172.16.16.102 255.255.255.0 172.16.16.255 0x1043 1500 3 1 02:42:ac:10:10:66 32 True');
  }, 60_000);

  it("if_nameindex, if_nametoindex and if_indextoname name the machine's interfaces (lo is 1)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const prog = program(dir, 'ifaces.py', [
      'import socket',
      'print(socket.if_nameindex(), socket.if_nametoindex("eth1"), socket.if_indextoname(2))',
      'try:',
      '    socket.if_indextoname(9)',
      'except OSError as e:',
      '    print(e)',
    ]);
    const r = await cli('run', '--py', `mesin3=${prog}`, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'python.mesin3.txt'), 'utf8')).toBe("[(1, 'lo'), (2, 'eth0'), (3, 'eth1')] 3 eth0\n[Errno 6] No such device or address\n");
  }, 60_000);

  it("logging's %(asctime)s works: Formatter.converter keeps time.localtime unbound, as a C function is", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const prog = program(dir, 'asctime.py', [
      'import logging, time',
      "logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(message)s')",
      "logging.info('hello')",
      'logging.Formatter.converter = time.gmtime',
      "logging.warning('utc %s', time.strftime('%H:%M:%S', time.localtime()))",
    ]);
    const r = await cli('run', '--py', `mesin1=${prog}`, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    // the lab's epoch (2025-05-23 07:34:00 UTC), the run's TZ UTC
    expect(readFileSync(join(dir, 'out', 'python.mesin1.txt'), 'utf8')).toBe('2025-05-23 07:34:00,000 INFO hello\n2025-05-23 07:34:00,000 WARNING utc 07:34:00\n');
  }, 60_000);

  it('ends the run when a busy-looping server started together with its client only polls after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const r = await cli('run', '--py', `mesin1=${PROGRAMS}/busy_server.py 8889`, '--py', `mesin1=${PROGRAMS}/http_client.py 127.0.0.1 8889`, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/> hello from the busy server/);
    expect(r.out).toMatch(/busy_server\.py was still running at the end, waiting in a busy loop, and was stopped/);
  }, 120_000);

  it("a select() loop whose sockets are always writable (asyncore's manner) spins as on Linux: the clock moves on, the client is served", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const r = await cli('run', '--py', `mesin1=${PROGRAMS}/always_writable_server.py 8889`, '--py', `mesin2=${PROGRAMS}/echo_client.py 172.16.16.101 8889`, '--at', 'mesin2=1s', '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'python.mesin2.txt'), 'utf8').match(/^echo b'\w+ message \d' at port \d+$/gm)).toHaveLength(3);
    expect(readFileSync(join(dir, 'out', 'python.mesin1.txt'), 'utf8')).toMatch(/^closed after many idle turns$/m);
    expect(r.out).toMatch(/always_writable_server\.py: polled without blocking; its clock was moved on \d+ times? by 1 ms/);
  }, 60_000);

  it('a thread that keeps reading a socket it closed spins on EBADF as on Linux: the clock moves on, the others serve', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
    const r = await cli('run', '--py', `mesin1=${PROGRAMS}/closed_loop_server.py 8889`, '--py', `mesin2=${PROGRAMS}/http_client.py 172.16.16.101 8889`, '--at', 'mesin2=1s', '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'python.mesin2.txt'), 'utf8')).toMatch(/^> HTTP\/1.0 200 OK\n.*\n> hello\n/s);
    expect(r.out).toMatch(/closed_loop_server\.py: polled without blocking/);
  }, 120_000);
});
