/**
 * An HTTP/1.0 GET between two lab machines, in the course's style (a Python socket server
 * that reads the request line and answers one page, then closes).
 *
 * mesin1 runs `http_server.py` on port 80; mesin2's `http_client.py` sends
 * `GET /index.html HTTP/1.0`, reads until the server closes, and prints what came back.
 * Both captures print the same in `labwire show` and `tshark -r` (HTTP on both sides), and
 * `-Y 'http.request.method == "GET"'` selects the request.
 */
import { defineScenario, s } from '../../src/index.ts';
import type { Program } from '../../src/index.ts';
import { progjar } from '../../scenarios/progjar/lab.ts';

export const PORT = 80;
export const PAGE = '<html><body><h1>Halo dari mesin1</h1></body></html>\n';

/** http_server.py: one request per connection, answered with PAGE as text/html. */
export const httpServer = (port: number, page: string): Program => async ({ socket, logging, py }) => {
  logging.basicConfig({ level: logging.INFO });
  const sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
  await sock.bind(['0.0.0.0', port]);
  sock.listen(1);
  for (;;) {
    const [connection, clientAddress] = await sock.accept();
    logging.info(`connection from ${py.repr(clientAddress)}`);
    const request = py.decode(await connection.recv(1024));
    const requestLine = request.split('\r\n')[0] ?? '';
    logging.info(`request: ${requestLine}`);
    const body = py.bytes(page);
    const head = `HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n\r\n`;
    await connection.sendall(py.bytes(head));
    await connection.sendall(body);
    connection.close();
  }
};

/** http_client.py: send the GET, read until the server closes, print the answer. */
export const httpClient = (server: string, port: number, path: string): Program => async ({ socket, print, py }) => {
  const sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await sock.connect([server, port]);
  await sock.sendall(py.bytes(`GET ${path} HTTP/1.0\r\nHost: ${server}\r\n\r\n`));
  let answer = '';
  for (;;) {
    const data = await sock.recv(1024);
    if (!data.length) break;
    answer += py.decode(data);
  }
  print(answer);
  sock.close();
};

export default defineScenario({
  name: 'http-get',
  summary: 'mesin2 fetches /index.html from an HTTP/1.0 server on mesin1:80',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'http_server.py', daemon: true, run: httpServer(PORT, PAGE) },
    { on: 'mesin2', name: 'http_client.py', at: s(1), run: httpClient('172.16.16.101', PORT, '/index.html') },
  ],
  captures: [
    { on: 'mesin1', iface: 'any' },
    { on: 'mesin2', iface: 'eth1' },
  ],
});
