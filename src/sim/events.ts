/**
 * The World's queued events: their kinds, the record each is, and the pool of records the
 * loop hands back once done with one, so the loop makes no object per event (issue 15).
 */
import type { SimHost } from './host.ts';
import type { SimThread } from './process.ts';
import type { Touch } from './waiters.ts';

/** What a frame event is: a frame arriving, or a host's broadcast looped back to it (no tap sees it). */
export const EV_FRAME = 0;
export const EV_LOOP = 1;
export const EV_TIMER = 2;
/** a thread's turn: start it, or end its wait */
export const EV_THREAD = 3;
/** a timed call: a netem qdisc's watchdog, a link event */
export const EV_CALL = 4;

/** A queued event. Records are reused: the loop hands one back (release) when it is done with it. */
export interface Ev {
  kind: number;
  host: SimHost;
  ifIndex: number;
  frame: Uint8Array | null;
  token: number;
  thread: SimThread | null;
  /** for EV_THREAD: what to do when its turn comes */
  run: (() => void) | null;
  /** for EV_TIMER: what the event that armed it touched (the timer's socket), see waiters.ts */
  touch: Touch;
}

export class EventRecords {
  /** records the loop is done with, for the next events */
  private readonly spare: Ev[] = [];

  /** A record for an event: a spare one filled in, or a new one. */
  take(kind: number, host: SimHost, ifIndex: number, frame: Uint8Array | null, token: number, thread: SimThread | null, run: (() => void) | null, touch: Touch): Ev {
    const ev = this.spare.pop();
    if (ev === undefined) return { kind, host, ifIndex, frame, token, thread, run, touch };
    ev.kind = kind;
    ev.host = host;
    ev.ifIndex = ifIndex;
    ev.frame = frame;
    ev.token = token;
    ev.thread = thread;
    ev.run = run;
    ev.touch = touch;
    return ev;
  }

  /** The loop is done with `ev`: keep the record, holding nothing (a frame would pin its slab). */
  release(ev: Ev): void {
    ev.frame = null;
    ev.thread = null;
    ev.run = null;
    ev.touch = 'all';
    this.spare.push(ev);
  }
}
