import { describe, expect, it } from 'vitest';
import { closeSync, readSync, writeSync } from 'node:fs';
import { closeChildEnds, openChildFds, readOutput } from '../../src/pybridge/pipes.ts';
import { nextSpins, SPIN_FLOOR, SPIN_READS } from '../../src/pybridge/child.ts';

/** the whole file by position: a pipe here fails (ESPIPE) instead of waiting */
const readFile = (fd: number): string => {
  const buf = Buffer.alloc(1024);
  let text = '';
  for (let n = readSync(fd, buf, 0, buf.length, 0); n > 0; n = readSync(fd, buf, 0, buf.length, Buffer.byteLength(text))) text += buf.toString('utf8', 0, n);
  return text;
};

describe('openChildFds', () => {
  it('gives the child its stdin text then end of file', () => {
    const fds = openChildFds('budi\nsiti\n');
    expect(readFile(fds.child[0])).toBe('budi\nsiti\n');
    closeChildEnds(fds);
    for (const fd of [fds.requests, fds.replies, fds.child[1]]) closeSync(fd);
  });

  it('carries requests and replies, and the request pipe ends once the last writer has closed it', () => {
    const fds = openChildFds('');
    const [, output, requests, replies] = fds.child;
    writeSync(requests, 'hello');
    writeSync(fds.replies, 'world');
    const buf = Buffer.alloc(16);
    expect(buf.toString('utf8', 0, readSync(fds.requests, buf, 0, 16, null))).toBe('hello');
    expect(buf.toString('utf8', 0, readSync(replies, buf, 0, 16, null))).toBe('world');
    // the child's ends were the only writers: with them gone (the child exited) a read ends, it does not wait
    closeChildEnds(fds);
    expect(readSync(fds.requests, buf, 0, 16, null)).toBe(0);
    for (const fd of [fds.requests, fds.replies, output]) closeSync(fd);
  });

  it('keeps what the child writes on its real stdout and stderr, in order', () => {
    const fds = openChildFds('');
    const output = fds.child[1];
    writeSync(output, 'Fatal Python error: ');
    writeSync(output, 'Aborted\n');
    expect(readOutput(fds)).toBe('Fatal Python error: Aborted\n');
    closeChildEnds(fds);
    for (const fd of [fds.requests, fds.replies, output]) closeSync(fd);
  });
});

describe('the bridge spinning on the request pipe', () => {
  it('spins fully after a wait its spins ended, half as long after each wait they did not, never below the floor', () => {
    let spins = SPIN_READS;
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) seen.push((spins = nextSpins(spins, false)));
    expect(seen).toEqual([32, 16, 8, 8, 8, 8].map((k) => Math.max(SPIN_FLOOR, k)));
    expect(nextSpins(spins, true)).toBe(SPIN_READS);
  });
});
