/**
 * HTTP/1.x as tshark prints it: the example scenario (examples/http-get, an HTTP/1.0 GET whose
 * response comes in two segments) on both its captures, at the port it uses and on the
 * course's 8000/8889 (tshark's http_tcp heuristic), list, -V and the http filter fields.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { defineScenario } from '../../src/sim/scenario.ts';
import { s } from '../../src/sim/time.ts';
import httpGet, { httpClient, httpServer, PAGE } from '../../examples/http-get/scenario.ts';
import type { ScenarioSpec } from '../../src/sim/scenario.ts';
import type { Program } from '../../src/stack/socket/context.ts';
import { hasTshark } from '../helpers/tshark.ts';
import { show, tempDir, tshark } from './helpers.ts';


const cache = new Map<string, Promise<string[]>>();

/** The scenario's captures written to files (each scenario run once per test file). */
export function httpCaptures(sc: ScenarioSpec = httpGet): Promise<string[]> {
  let p = cache.get(sc.name);
  if (!p) {
    p = writeCaptures(sc);
    cache.set(sc.name, p);
  }
  return p;
}

async function writeCaptures(sc: ScenarioSpec): Promise<string[]> {
  const run = await runScenario(sc, { format: 'pcap-ns' });
  const dir = tempDir();
  return run.captures.map((c) => {
    const path = join(dir, `${sc.name}.${c.host}-${c.iface}.pcap`);
    writeFileSync(path, c.bytes!);
    return path;
  });
}

function onPort(port: number): ScenarioSpec {
  return defineScenario({
    ...httpGet,
    name: `http-get-${port}`,
    programs: [
      { on: 'mesin1', name: 'http_server.py', daemon: true, run: httpServer(port, PAGE) },
      { on: 'mesin2', name: 'http_client.py', at: s(1), run: httpClient('172.16.16.101', port, '/index.html') },
    ],
  });
}

/** A server that answers any request with `parts`, one sendall each, 10 ms apart, then closes. */
function answering(name: string, port: number, parts: readonly string[]): ScenarioSpec {
  const server: Program = async ({ socket, py, time }) => {
    const sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    await sock.bind(['0.0.0.0', port]);
    sock.listen(1);
    const [c] = await sock.accept();
    await c.recv(1024);
    for (const p of parts) {
      await c.sendall(py.bytes(p));
      await time.sleep(0.01);
    }
    c.close();
  };
  return defineScenario({
    ...httpGet,
    name,
    programs: [
      { on: 'mesin1', name: 'server', daemon: true, run: server },
      { on: 'mesin2', name: 'http_client.py', at: s(1), run: httpClient('172.16.16.101', port, '/a') },
    ],
  });
}

const EDGES: readonly [string, number, readonly string[]][] = [
  ['headers split over three segments', 8000, ['HTTP/1.0 200 OK\r\nContent-Type: te', 'xt/html\r\n', 'Content-Length: 5\r\n\r\nhello']],
  ['a body without Content-Length, ended by the FIN', 8000, ['HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n', 'hello ', 'world\n']],
  ['a 404 without body or length on port 80', 80, ['HTTP/1.0 404 Not Found\r\n\r\n']],
  ['a 204 on 8889', 8889, ['HTTP/1.0 204 No Content\r\n\r\n']],
  ['bytes that are not HTTP on port 80', 80, ['hello world']],
];

describe('the http-get example without tshark', () => {
  it('shows the request and the reassembled response as HTTP', async () => {
    const [any] = await httpCaptures();
    const r = await show(any!);
    expect(r.out).toContain(' HTTP 117 GET /index.html HTTP/1.0 \n');
    expect(r.out).toContain(' TCP 132 HTTP/1.0 200 OK  [TCP segment of a reassembled PDU]\n');
    expect(r.out).toContain(' HTTP 120 HTTP/1.0 200 OK  (text/html)\n');
  });
});

describe.skipIf(!hasTshark())('HTTP: labwire show against tshark', () => {
  it('the example\'s captures: packet list and -V byte for byte', async () => {
    for (const path of await httpCaptures()) {
      expect((await show(path)).out).toBe(tshark(path));
      expect((await show(path, { verbose: true })).out).toBe(tshark(path, '-V'));
    }
  });

  it.each([8000, 8889, 10000])('on port %i (no HTTP port: the heuristic), list and -V', async (port) => {
    for (const path of await httpCaptures(onPort(port))) {
      expect((await show(path)).out).toBe(tshark(path));
      expect((await show(path, { verbose: true })).out).toBe(tshark(path, '-V'));
    }
  });

  it.each(EDGES)('%s: list and -V', async (name, port, parts) => {
    for (const path of await httpCaptures(answering(`edge-${EDGES.findIndex((e) => e[0] === name)}`, port, parts))) {
      expect((await show(path)).out).toBe(tshark(path));
      expect((await show(path, { verbose: true })).out).toBe(tshark(path, '-V'));
    }
  });

  it.each([
    'http', 'http.request', 'http.response', 'http.request.method == "GET"', 'http.request.uri == "/index.html"',
    'http.response.code == 200', 'http.host == "172.16.16.101"', 'http.content_type == "text/html"',
    'http.content_length == 52', 'http.request.version == "HTTP/1.0"', 'http.response.phrase == "OK"', 'data', 'tcp.len > 0 && !http',
  ])('-Y %s selects the frames tshark selects', async (filter) => {
    for (const path of await httpCaptures()) {
      const r = await show(path, { filter });
      expect(r.err).toBe('');
      expect(r.out).toBe(tshark(path, '-Y', filter));
    }
  });

  it('-Y \'http.request.method == "GET"\' selects exactly the request', async () => {
    const [any] = await httpCaptures();
    const r = await show(any!, { filter: 'http.request.method == "GET"' });
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(r.out).toContain('GET /index.html HTTP/1.0');
  });
});
