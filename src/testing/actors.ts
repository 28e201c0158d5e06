/**
 * The two programs of a chunking run, as non-blocking steps (Pair's actors).
 *
 * The writer is the lab's server side: it listens on port 10000, accepts, writes each
 * message with sendall() after its pause, then closes. The reader is the client: it
 * connects, then calls recv(n) with the drawn sizes and pauses until end of stream,
 * keeping every chunk it got. Both only call the kernel's non-blocking socket calls and
 * retry after the next event when a call would block, as a blocking socket does after poll.
 */
import { EAGAIN, EINPROGRESS } from '../stack/errno.ts';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, type TcpLayerApi } from '../stack/kernel/tcp-services.ts';
import type { Nanos } from '../stack/nanos.ts';
import { PORT, WRITER_ADDR, type Actor, type Pair } from './pair.ts';
import type { TcpParams } from './tcp-params.ts';

/** The i-th pause of a list, none after the list. */
function pauseAt(list: readonly Nanos[], i: number): Nanos {
  return i < list.length ? list[i]! : 0;
}

function check(r: number, what: string): number {
  if (r < 0 && r !== -EAGAIN && r !== -EINPROGRESS) throw new Error(`tcpChunkings: ${what} failed with errno ${-r}`);
  return r;
}

export class Writer implements Actor {
  private listener: number;
  private conn = -1;
  private index = 0;
  private offset = 0;
  private readyAt: Nanos = 0;
  done = false;

  constructor(private readonly pair: Pair, private readonly writes: readonly Uint8Array[], private readonly p: TcpParams) {
    const tcp = this.tcp;
    this.listener = tcp.open();
    tcp.setOption(this.listener, 'SO_REUSEADDR', 1);
    if (p.sndBuf !== null) tcp.setOption(this.listener, 'SO_SNDBUF', p.sndBuf);
    if (!p.nagle) tcp.setOption(this.listener, 'TCP_NODELAY', 1);
    check(tcp.bind(this.listener, 0, PORT), 'bind');
    check(tcp.listen(this.listener, 1, 0), 'listen');
  }

  private get tcp(): TcpLayerApi {
    return this.pair.writer.kernel.tcp;
  }

  private pause(now: Nanos): void {
    const d = pauseAt(this.p.writePauses, this.index);
    this.readyAt = now + d;
    if (d > 0) this.pair.wakeAt(this.readyAt);
  }

  pump(now: Nanos): void {
    if (this.done) return;
    const tcp = this.tcp;
    if (this.conn < 0) {
      if ((tcp.poll(this.listener) & POLLIN) === 0) return;
      const r = check(tcp.accept(this.listener, now), 'accept');
      if (r < 0) return;
      this.conn = r;
      tcp.close(this.listener, now);
      this.pause(now);
    }
    while (this.index < this.writes.length) {
      if (now < this.readyAt) return;
      const w = this.writes[this.index]!;
      while (this.offset < w.length) {
        // a blocking send sleeps until the socket is writeable again (sk_stream_is_writeable)
        if ((tcp.poll(this.conn) & (POLLOUT | POLLERR)) === 0) return;
        const r = check(tcp.send(this.conn, w.subarray(this.offset), now), 'send');
        if (r <= 0) return;
        this.offset += r;
      }
      this.index++;
      this.offset = 0;
      if (this.index < this.writes.length) this.pause(now);
    }
    tcp.close(this.conn, now);
    this.done = true;
  }
}

export class Reader implements Actor {
  private readonly id: number;
  private connected = false;
  private index = 0;
  private readyAt: Nanos = 0;
  readonly chunks: Uint8Array[] = [];
  received = 0;
  done = false;

  constructor(private readonly pair: Pair, private readonly p: TcpParams) {
    const tcp = this.tcp;
    this.id = tcp.open();
    if (p.rcvBuf !== null) tcp.setOption(this.id, 'SO_RCVBUF', p.rcvBuf);
    check(tcp.connect(this.id, WRITER_ADDR, PORT, 0), 'connect');
    this.pause(0);
  }

  private get tcp(): TcpLayerApi {
    return this.pair.reader.kernel.tcp;
  }

  private pause(now: Nanos): void {
    const d = pauseAt(this.p.readPauses, this.index);
    this.readyAt = now + d;
    if (d > 0) this.pair.wakeAt(this.readyAt);
  }

  pump(now: Nanos): void {
    if (this.done) return;
    const tcp = this.tcp;
    if (!this.connected) {
      const err = tcp.takeError(this.id);
      if (err) throw new Error(`tcpChunkings: connect failed with errno ${err}`);
      if ((tcp.poll(this.id) & POLLOUT) === 0) return; // established
      this.connected = true;
    }
    while (now >= this.readyAt) {
      if ((tcp.poll(this.id) & (POLLIN | POLLERR | POLLHUP)) === 0) return;
      const n = this.index < this.p.recvSizes.length ? this.p.recvSizes[this.index]! : this.p.recvSize;
      const r = tcp.recv(this.id, n, now);
      if (typeof r === 'number') {
        check(r, 'recv');
        return;
      }
      if (r.length === 0) {
        tcp.close(this.id, now);
        this.done = true;
        return;
      }
      this.chunks.push(r); // recv returns a fresh array (RecvStream.read)
      this.received += r.length;
      this.index++;
      this.pause(now);
    }
  }
}
