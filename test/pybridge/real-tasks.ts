/**
 * The Python tasks recorded on real Linux (tools/netns-lab/py-record.sh, one function per task
 * there) as labwire runs them: the same machines, programs, arguments, ports and start times
 * (servers at 0, mesin2's program at 1 s, mesin3's at 1.5 s), captures on the same machines.
 * Files the programs read and write go to a fresh folder; their contents follow the script.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROGRAMS } from './run-world.ts';
import type { PythonProgramEntry } from '../../src/pybridge/scenario.ts';

export interface RealTask {
  /** the folder in test/fixtures/real/py/ and py-record.sh's task name */
  readonly name: string;
  /** machines with an `any` capture */
  readonly captureOn: readonly string[];
  readonly entries: () => PythonProgramEntry[];
}

const SERVER = '172.16.16.101';
const py = (f: string) => join(PROGRAMS, f);

function server(file: string, args: string[] = []): PythonProgramEntry {
  return { on: 'mesin1', file: py(file), args, daemon: true };
}
function client(on: string, file: string, args: string[] = []): PythonProgramEntry {
  return { on, file: py(file), args, at: on === 'mesin3' ? 1.5e9 : 1e9 };
}

function echoTask(name: string, file: string): RealTask {
  return {
    name,
    captureOn: ['mesin1', 'mesin2', 'mesin3'],
    entries: () => [server(file, ['8889']), client('mesin2', 'echo_client.py', [SERVER, '8889']), client('mesin3', 'echo_client.py', [SERVER, '8889'])],
  };
}

function pairTask(name: string, serverFile: string, clientFile: string, args: () => string[] = () => [], serverArgs: string[] = []): RealTask {
  return { name, captureOn: ['mesin1', 'mesin2'], entries: () => [server(serverFile, serverArgs), client('mesin2', clientFile, args())] };
}

/** a fresh folder holding `file` with `length` bytes made by `byte(i)` */
function dataFile(file: string, length: number, byte: (i: number) => number): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-real-py-'));
  const path = join(dir, file);
  writeFileSync(path, Uint8Array.from({ length }, (_, i) => byte(i) & 0xff));
  return { dir, path };
}

export const REAL_TASKS: readonly RealTask[] = [
  echoTask('thread', 'server_thread.py'),
  echoTask('pool', 'pool_server.py'),
  echoTask('select', 'server_select.py'),
  echoTask('selectors', 'server_selectors.py'),
  echoTask('writable', 'always_writable_server.py'),
  echoTask('poll', 'poll_server.py'),
  echoTask('epollet', 'epoll_et_server.py'),
  pairTask('asyncio', 'asyncio_server.py', 'asyncio_client.py'),
  pairTask('lines', 'line_server.py', 'line_client.py'),
  pairTask('timeout', 'silent_server.py', 'timeout_client.py'),
  pairTask('reset', 'rude_server.py', 'reset_client.py'),
  pairTask('busy', 'busy_server.py', 'http_client.py'),
  pairTask('stdlib', 'stdlib_http_server.py', 'stdlib_http_client.py', () => [SERVER]),
  pairTask('aiochat', 'asyncio_chat_server.py', 'asyncio_chat_client.py', () => [SERVER]),
  pairTask('nbconnect', 'server_thread.py', 'nonblocking_connect.py', () => [SERVER], ['8889']),
  pairTask('overflow', 'udp_overflow_recv.py', 'udp_overflow_send.py', () => [SERVER]),
  { name: 'names', captureOn: ['mesin1', 'mesin2'], entries: () => [client('mesin2', 'names.py')] },
  pairTask('framed', 'framed_server.py', 'framed_client.py', () => [SERVER]),
  pairTask('halfclose', 'half_close_server.py', 'half_close_client.py', () => [SERVER]),
  pairTask('sockopts', 'half_close_server.py', 'sockopts.py', () => [SERVER]),
  pairTask('udpserver', 'udp_socketserver.py', 'udp_socketserver_client.py', () => [SERVER]),
  pairTask('udptime', 'udp_time_server.py', 'udp_time_client.py', () => [SERVER]),
  {
    name: 'chat',
    captureOn: ['mesin1', 'mesin2', 'mesin3'],
    entries: () => [server('chat_json_server.py'), client('mesin2', 'chat_json_client.py', [SERVER, 'budi', 'ani']), client('mesin3', 'chat_json_client.py', [SERVER, 'ani', 'budi', '1.25'])],
  },
  pairTask('sendfile', 'server_select.py', 'sendfile_client.py', () => {
    const { dir, path } = dataFile('image.png', 50_000, (i) => i * 13 + (i >> 8));
    return [path, join(dir, 'echo.png')];
  }, ['8889']),
  {
    name: 'broadcast',
    captureOn: ['mesin1', 'mesin2'],
    entries: () => [
      { on: 'mesin2', file: py('udp_receive.py') },
      { on: 'mesin3', file: py('udp_receive.py') },
      { on: 'mesin1', file: py('udp_broadcast_send.py'), at: 1e9 },
    ],
  },
  {
    name: 'bcastany',
    captureOn: ['mesin1', 'mesin2', 'mesin3'],
    entries: () => [
      { on: 'mesin2', file: py('bcast_any.py'), args: ['answer'] },
      { on: 'mesin3', file: py('bcast_any.py'), args: ['answer'] },
      { on: 'mesin1', file: py('bcast_any.py'), args: ['ask'], at: 1e9 },
    ],
  },
  {
    name: 'udpfile',
    captureOn: ['mesin1', 'mesin2'],
    entries: () => {
      const { dir, path } = dataFile('data.bin', 10_000, (i) => i * 7);
      return [{ on: 'mesin1', file: py('udp_file_recv.py'), args: [join(dir, 'copy.bin')] }, client('mesin2', 'udp_file_send.py', [path, SERVER])];
    },
  },
  {
    // the sender at 2 s: after each receiver's two IGMPv3 join reports (the second at a random delay below 1 s)
    name: 'multicast',
    captureOn: ['mesin1', 'mesin2', 'mesin3'],
    entries: () => [
      { on: 'mesin2', file: py('mcast_receive.py') },
      { on: 'mesin3', file: py('mcast_receive.py'), args: ['other'] },
      { on: 'mesin1', file: py('mcast_send.py'), at: 2e9 },
    ],
  },
  pairTask('http11', 'http11_server.py', 'http11_client.py', () => [SERVER]),
  pairTask('fileproto', 'file_proto_server.py', 'file_proto_client.py', () => [SERVER, mkdtempSync(join(tmpdir(), 'labwire-real-py-'))]),
  pairTask('errnos', 'server_thread.py', 'errnos.py', () => [SERVER], ['8889']),
  pairTask('restart', 'restart_server.py', 'restart_client.py', () => [SERVER]),
  pairTask('upload', 'upload_server.py', 'upload_client.py', () => [SERVER]),
  pairTask('utf8', 'utf8_server.py', 'utf8_client.py', () => [SERVER]),
  {
    // three chatters: mesin2 at 1 s, mesin3 at 1.5 s, mesin1 itself over 127.0.0.1 at 2 s; each leaves in turn
    name: 'selchat',
    captureOn: ['mesin1', 'mesin2', 'mesin3'],
    entries: () => [
      server('select_chat_server.py'),
      client('mesin2', 'select_chat_client.py', [SERVER, 'budi', '5', '0.2']),
      client('mesin3', 'select_chat_client.py', [SERVER, 'ani', '4', '0.3']),
      { on: 'mesin1', file: py('select_chat_client.py'), args: ['127.0.0.1', 'citra', '0', '0.3'], at: 2e9 },
    ],
  },
  {
    // two sensors (mesin2 at 1 s, mesin3 at 1.5 s), a reading every 0.2 s each: 0.1 s apart
    name: 'sensor',
    captureOn: ['mesin1', 'mesin2', 'mesin3'],
    entries: () => [
      { on: 'mesin1', file: py('udp_collector.py'), args: ['2'] },
      client('mesin2', 'udp_sensor.py', [SERVER, 'lantai1', '24.5']),
      client('mesin3', 'udp_sensor.py', [SERVER, 'lantai2', '27']),
    ],
  },
  { name: 'refused', captureOn: ['mesin1', 'mesin2'], entries: () => [client('mesin2', 'echo_client.py', [SERVER, '8890'])] },
];
