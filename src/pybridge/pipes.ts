/**
 * The descriptors a Python child is started with, all of them plain blocking files so the
 * bridge can read and write them with synchronous system calls while the child runs (the
 * world is frozen then: nothing else needs the event loop). A request pipe and a reply pipe
 * (FIFOs: Node has no pipe(2), and libuv's stdio pipes are non-blocking socketpairs it
 * owns), standard input as a file holding the program's stdin text, and one file for the
 * child's real standard output and error (interpreter crashes, the watchdog's stack dump),
 * which cannot fill up and stall the child while the bridge waits on the request pipe. The
 * bridge also holds a non-blocking read end of the request pipe, polled briefly before each
 * blocking read (child.ts); the child opens its own for the reply pipe (channel.py).
 * Every path is unlinked as soon as it is open: only the descriptors remain.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, fstatSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ChildFds {
  /** the bridge reads requests here (end of file once the child has closed its end) */
  readonly requests: number;
  /** the same pipe's read end opened non-blocking: polled for a moment before a blocking read (child.ts) */
  readonly requestsPoll: number;
  /** the bridge writes replies here */
  readonly replies: number;
  /** the child's ends, in the order of its fds 0, 1 and 2, 3 (requests), 4 (replies) */
  readonly child: readonly [stdin: number, output: number, requests: number, replies: number];
}

function makeFifos(paths: readonly string[]): void {
  const mk = spawnSync('mkfifo', ['-m', '600', ...paths], { encoding: 'utf8' });
  if (mk.status !== 0) throw new Error(`the Python bridge cannot make its pipes (mkfifo ${paths.join(' ')}): ${(mk.error?.message ?? mk.stderr).trim()}`);
}

/**
 * A FIFO's two ends, both blocking, and a second, non-blocking read end (its own open file, so
 * its O_NONBLOCK does not touch the blocking one): opening a read end without O_NONBLOCK would
 * wait for a writer, so the non-blocking one is opened first (fifo(7)).
 */
function openFifo(path: string): { read: number; write: number; poll: number } {
  const poll = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const write = openSync(path, constants.O_WRONLY);
  const read = openSync(path, constants.O_RDONLY);
  unlinkSync(path);
  return { read, write, poll };
}

function openTemp(path: string, text: string | null): number {
  writeFileSync(path, text ?? '', { mode: 0o600 });
  const fd = openSync(path, text === null ? 'a+' : 'r');
  unlinkSync(path);
  return fd;
}

/** Open a child's descriptors; `stdin` is what it reads on standard input (then end of file). */
export function openChildFds(stdin: string): ChildFds {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-py-'));
  try {
    makeFifos([join(dir, 'requests'), join(dir, 'replies')]);
    const req = openFifo(join(dir, 'requests'));
    const rep = openFifo(join(dir, 'replies'));
    closeSync(rep.poll); // the child opens its own (/proc/self/fd/4)
    const input = openTemp(join(dir, 'stdin'), stdin);
    const output = openTemp(join(dir, 'output'), null);
    return { requests: req.read, requestsPoll: req.poll, replies: rep.write, child: [input, output, req.write, rep.read] };
  } finally {
    rmdirSync(dir);
  }
}

/** After the child has started: the parent's copies of the child's ends go (so end of file comes when the child's do). */
export function closeChildEnds(fds: ChildFds): void {
  const [input, , requests, replies] = fds.child;
  for (const fd of [input, requests, replies]) closeSync(fd);
}

/** What the child wrote on its real standard output and error so far (the output file is kept open for this). */
export function readOutput(fds: ChildFds): string {
  const fd = fds.child[1];
  const size = fstatSync(fd).size;
  if (size === 0) return '';
  const buf = Buffer.alloc(size);
  const n = readSync(fd, buf, 0, size, 0);
  return buf.toString('utf8', 0, n);
}
