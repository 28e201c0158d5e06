/**
 * Echo servers that serve several clients at once, in the course's styles (rm77/progjar's
 * progjar3/progjar4 patterns, written anew): a thread per client, select.select() over the
 * listener and the connections, and selectors.DefaultSelector with callbacks as data. Each
 * echoes what it receives (recv(32) → sendall) until the client closes.
 */
import type { Program } from '../../stack/socket/context.ts';
import type { PySocket } from '../../stack/socket/socket.ts';

export interface ConcurrentServerOptions {
  readonly port: number;
  readonly recvSize?: number;
}

/** server_thread.py: accept in the main thread, one threading.Thread per connection */
export const threadedEchoServer = (o: ConcurrentServerOptions): Program => async ({ socket, logging, py, threading }) => {
  logging.basicConfig({ level: logging.INFO });
  const sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
  await sock.bind(['0.0.0.0', o.port]);
  sock.listen(5);
  const serve = async (connection: PySocket, address: readonly [string, number, ...number[]]) => {
    for (;;) {
      const data = await connection.recv(o.recvSize ?? 32);
      if (!data.length) break;
      logging.info(`${py.repr(address)} received ${py.repr(data)}`);
      await connection.sendall(data);
    }
    connection.close();
    logging.info(`${py.repr(address)} closed`);
  };
  for (;;) {
    const [connection, address] = await sock.accept();
    logging.info(`connection from ${py.repr(address)}`);
    threading.Thread({ name: `client-${address[1]}`, target: () => serve(connection, address) }).start();
  }
};

/** server_select.py: select.select([server, *clients], [], []) in one thread */
export const selectEchoServer = (o: ConcurrentServerOptions): Program => async ({ socket, logging, py, select }) => {
  logging.basicConfig({ level: logging.INFO });
  const server = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
  await server.bind(['0.0.0.0', o.port]);
  server.listen(5);
  const inputs: PySocket[] = [server];
  for (;;) {
    const [readable] = await select.select(inputs, [], []);
    for (const s of readable) {
      if (s === server) {
        const [client, address] = await server.accept();
        logging.info(`connection from ${py.repr(address)}`);
        inputs.push(client);
        continue;
      }
      const data = await s.recv(o.recvSize ?? 32);
      if (data.length) {
        logging.info(`${py.repr(s.getpeername())} received ${py.repr(data)}`);
        await s.sendall(data);
      } else {
        logging.info(`${py.repr(s.getpeername())} closed`);
        inputs.splice(inputs.indexOf(s), 1);
        s.close();
      }
    }
  }
};

type Handler = (s: PySocket) => Promise<void>;

/** server_selectors.py: a DefaultSelector with the callback kept as each key's data */
export const selectorsEchoServer = (o: ConcurrentServerOptions): Program => async ({ socket, logging, py, selectors }) => {
  logging.basicConfig({ level: logging.INFO });
  const sel = selectors.DefaultSelector<Handler>();
  const read: Handler = async (conn) => {
    const data = await conn.recv(o.recvSize ?? 32);
    if (data.length) {
      logging.info(`${py.repr(conn.getpeername())} received ${py.repr(data)}`);
      await conn.sendall(data);
    } else {
      logging.info(`${py.repr(conn.getpeername())} closed`);
      sel.unregister(conn);
      conn.close();
    }
  };
  const accept: Handler = async (s) => {
    const [conn, address] = await s.accept();
    logging.info(`connection from ${py.repr(address)}`);
    conn.setblocking(false);
    sel.register(conn, selectors.EVENT_READ, read);
  };
  const server = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
  await server.bind(['0.0.0.0', o.port]);
  server.listen(100);
  server.setblocking(false);
  sel.register(server, selectors.EVENT_READ, accept);
  for (;;) {
    for (const [key] of await sel.select()) await key.data(key.fileobj as PySocket);
  }
};
