/**
 * The lab's echo programs (rm77/progjar progjar1/server.py and client.py), line for line.
 *
 * server.py: bind ('0.0.0.0', PORT), listen(1), then for each connection recv(32) and
 * sendall() it back until b'' arrives. client.py: connect, sendall(message.encode()), then
 * recv(16) until len(message) bytes have come back, logging each chunk's repr.
 */
import type { Program } from '../../stack/socket/context.ts';

export interface EchoServerOptions {
  readonly port: number;
  readonly recvSize?: number;
  readonly backlog?: number;
}

export const echoServer = (o: EchoServerOptions): Program => async ({ socket, logging, py }) => {
  logging.basicConfig({ level: logging.INFO });
  const sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  try {
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
    const serverAddress = ['0.0.0.0', o.port] as const;
    logging.info(`starting up on ${py.repr(serverAddress)}`);
    await sock.bind(serverAddress);
    sock.listen(o.backlog ?? 1);
    for (;;) {
      logging.info('waiting for a connection');
      const [connection, clientAddress] = await sock.accept();
      logging.info(`connection from ${py.repr(clientAddress)}`);
      for (;;) {
        const data = await connection.recv(o.recvSize ?? 32);
        logging.info(`received ${py.repr(data)}`);
        if (data.length) {
          logging.info('sending back data');
          await connection.sendall(data);
        } else break;
      }
      connection.close();
    }
  } catch (ee) {
    logging.info(`ERROR: ${py.str(ee as Error)}`);
  } finally {
    logging.info('closing');
    sock.close();
  }
};

export interface EchoClientOptions {
  readonly server: string;
  readonly port: number;
  readonly recvSize?: number;
  /** the text to send (client.py's `message`) */
  readonly message?: string;
  /** or a file to send, and where to write what comes back (the image task) */
  readonly file?: string;
  readonly saveAs?: string;
  /** socket timeout in seconds (settimeout), for the unreachable-host task */
  readonly timeout?: number;
  /** log each received chunk (off for the 2 MB task, whose log would be 130 000 lines) */
  readonly logChunks?: boolean;
}

export const echoClient = (o: EchoClientOptions): Program => async ({ socket, logging, py, readFile, writeFile }) => {
  logging.basicConfig({ level: logging.INFO });
  const sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  try {
    if (o.timeout !== undefined) sock.settimeout(o.timeout);
    const serverAddress = [o.server, o.port] as const;
    logging.info(`connecting to ${py.repr(serverAddress)}`);
    await sock.connect(serverAddress);
    const payload = o.file ? readFile(o.file) : py.bytes(o.message ?? '');
    logging.info(o.file ? `sending ${o.file} (${payload.length} bytes)` : `sending ${o.message}`);
    await sock.sendall(payload);
    let amountReceived = 0;
    const chunks: Uint8Array[] = [];
    while (amountReceived < payload.length) {
      const data = await sock.recv(o.recvSize ?? 16);
      amountReceived += data.length;
      if (o.saveAs) chunks.push(data);
      if (o.logChunks ?? true) logging.info(py.repr(data));
      if (!data.length) break;
    }
    if (o.saveAs) {
      const out = new Uint8Array(amountReceived);
      let off = 0;
      for (const c of chunks) {
        out.set(c, off);
        off += c.length;
      }
      writeFile(o.saveAs, out);
      logging.info(`wrote ${amountReceived} bytes to ${o.saveAs}`);
    }
  } catch (ee) {
    logging.info(`ERROR: ${py.str(ee as Error)}`);
  } finally {
    logging.info('closing');
    sock.close();
  }
};
