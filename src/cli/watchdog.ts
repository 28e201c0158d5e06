/**
 * The busy-loop watchdog of `labwire run`. The run goes on in a worker thread (process.ts);
 * the World there moves a shared counter with every event and thread turn and writes the pid
 * of the thread it is running. A program that loops without ever making a system call that
 * blocks never gives the loop a turn again: the counter stands still while the pid names it.
 * The main thread checks every second (wall time: the CLI's progress, not the simulation's)
 * and after BUSY_SECONDS stops the worker and reports the program as a busy loop (exit 3).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export const BUSY_SECONDS = 5;

export interface WatchdogMessage {
  readonly kind: 'processes';
  readonly list: readonly { pid: number; host: string; name: string }[];
}

/** In the worker: what runScenario needs to be watched (nothing when run in-process). */
export function watchdog(): { heartbeat?: Int32Array; onStart?: (list: WatchdogMessage['list']) => void } {
  const beat = (workerData as { heartbeat?: SharedArrayBuffer } | null)?.heartbeat;
  if (isMainThread || !beat || !parentPort) return {};
  const port = parentPort;
  return { heartbeat: new Int32Array(beat), onStart: (list) => port.postMessage({ kind: 'processes', list } satisfies WatchdogMessage) };
}

/** In the main thread: calls `busy(description)` once the worker's loop stood still for BUSY_SECONDS. */
export function watchWorker(beat: Int32Array, names: () => ReadonlyMap<number, string>, busy: (what: string) => void): () => void {
  let last = Atomics.load(beat, 0);
  let still = 0;
  const timer = setInterval(() => { // wall-clock ok: the CLI's watchdog, never the simulation's time
    const now = Atomics.load(beat, 0);
    if (now !== last) {
      last = now;
      still = 0;
      return;
    }
    if (++still < BUSY_SECONDS) return;
    clearInterval(timer);
    const pid = Atomics.load(beat, 1);
    const who = pid ? (names().get(pid) ?? `pid ${pid}`) : 'the simulation itself';
    busy(pid ? `busy loop: ${who} runs without ever blocking in a system call or ending (${BUSY_SECONDS} s of real time, no simulated time passed)` : `no progress for ${BUSY_SECONDS} s of real time in ${who}`);
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
