/**
 * The `labwire` process around `main`; bin/labwire.mjs starts here. `labwire run` replays its
 * scenario in a worker thread so that Ctrl-C is heard while the simulation keeps the worker's
 * event loop busy: the main thread stops the worker, removes the run's unfinished `.partial`
 * files, says which outputs were kept, and exits 130 (143 for SIGTERM). Other commands run
 * here. stdout closed early (`| head`) ends quietly, as tshark does. This module imports next
 * to nothing, so that the worker starts as soon as the process has: `main` and the simulator
 * load in the worker, the tidying after a stop (interrupted.ts) only when there is one.
 */
import { Worker } from 'node:worker_threads';
import { fstatSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { EXIT } from './exit-codes.ts';
import { watchWorker, type WatchdogMessage } from './watchdog.ts';
import { killChildren } from './children.ts';

const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 130, SIGTERM: 143 };

/** The labwire command (bin/labwire.mjs calls this with the command line in process.argv). */
export async function runAsProcess(): Promise<void> {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const argv = process.argv.slice(2);
  const runs = argv.filter((a) => a !== '--debug')[0] === 'run';
  if (!runs || process.env.LABWIRE_IN_PROCESS === '1') {
    const { main } = await import('./main.ts');
    const out = Object.assign((s: string) => process.stdout.write(s + '\n'), { bytes: stdoutBytes() });
    process.exitCode = await main(argv, out, (s) => process.stderr.write(s + '\n'));
    return;
  }
  // the worker starts before this thread loads anything more: its start-up is the run's
  process.exitCode = await runInWorker(argv);
}

/**
 * A writer of bytes to stdout (show's packet list). To a file or /dev/null, process.stdout
 * writes synchronously anyway, so the bytes go straight to fd 1 and the writer says so: its
 * caller may reuse the buffer. To a pipe or terminal, through process.stdout (it keeps them).
 */
function stdoutBytes(): ((b: Uint8Array) => unknown) & { synchronous?: boolean } {
  let st;
  try {
    st = fstatSync(1);
  } catch {
    st = undefined;
  }
  if (!st || !(st.isFile() || (st.isCharacterDevice() && !isatty(1)))) return (b: Uint8Array) => process.stdout.write(b);
  const write = (b: Uint8Array): boolean => {
    for (let at = 0; at < b.length;) at += writeSync(1, b, at, b.length - at);
    return true;
  };
  return Object.assign(write, { synchronous: true });
}

/** After the worker was stopped: tidy the run's output folder (interrupted.ts, loaded only now). */
async function cleanUp(argv: readonly string[], since: number): Promise<{ dir: string | undefined; removed: string[]; kept: string[] }> {
  const { cleanUpRun } = await import('./interrupted.ts');
  return cleanUpRun(argv, process.pid, since);
}

function runInWorker(argv: readonly string[]): Promise<number> {
  const started = Date.now() - 1000; // wall-clock ok: file times, CLI only (one second for coarse mtimes)
  // compiled (dist/): the worker is JavaScript too; from the sources it needs tsx's loader
  const compiled = import.meta.url.endsWith('.js');
  const entry = new URL(compiled ? './worker.js' : './worker.ts', import.meta.url).href;
  const boot = compiled
    ? `import(${JSON.stringify(entry)})`
    : `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const heartbeat = new SharedArrayBuffer(8);
  const worker = new Worker(boot, { eval: true, workerData: { argv, heartbeat } });
  return new Promise<number>((resolve) => {
    let code: number | undefined;
    let interrupting = false;
    const names = new Map<number, string>();
    worker.on('message', (m: { code: number } | WatchdogMessage) => {
      if ('kind' in m) for (const p of m.list) names.set(p.pid, `program ${p.name} on ${p.host} (pid ${p.pid})`);
      else code = m.code;
    });
    const stopWatching = watchWorker(new Int32Array(heartbeat), () => names, (what) => {
      interrupting = true;
      killChildren(); // a worker blocked reading a Python child's pipe returns when the child is gone
      void worker.terminate().then(() => cleanUp(argv, started)).then(({ removed }) => {
        process.stderr.write(`labwire: stalled: ${what}; stopped it; removed ${removed.length} unfinished file(s)\n`);
        resolve(EXIT.stalled);
      });
    });
    worker.on('error', (e) => {
      process.stderr.write(`labwire: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      code = EXIT.programFailed;
    });
    worker.on('exit', () => {
      stopWatching();
      if (interrupting) return; // the signal handler or the watchdog reports
      if (code !== undefined) return resolve(code);
      // the worker's event loop emptied while the run was still waiting: a program's promise
      // can never settle, so nothing will ever happen again
      void cleanUp(argv, started).then(({ removed }) => {
        process.stderr.write(`labwire: stalled: a program neither blocked in a call nor ended (a promise that never settles?), and nothing else can happen; removed ${removed.length} unfinished file(s)\n`);
        resolve(EXIT.stalled);
      });
    });
    const interrupted = (signal: 'SIGINT' | 'SIGTERM') => {
      interrupting = true;
      void worker.terminate().then(() => cleanUp(argv, started)).then(({ dir, removed, kept }) => {
        const keptText = kept.length ? `kept ${kept.join(', ')}` : 'kept no output of this run (outputs are written when a run ends: --until TIME ends an endless one)';
        process.stderr.write(`labwire: interrupted (${signal}): ${keptText}; removed ${removed.length} unfinished file(s)${removed.length ? ` in ${dir}` : ''}\n`);
        process.exit(SIGNAL_EXIT[signal]);
      });
    };
    process.once('SIGINT', () => interrupted('SIGINT'));
    process.once('SIGTERM', () => interrupted('SIGTERM'));
  });
}
