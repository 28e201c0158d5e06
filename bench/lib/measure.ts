/**
 * Wall time, this process's CPU time, the JS heap allocated and the time spent in GC while
 * `fn` runs. Allocation is what V8's heap statistics account for (v8.GCProfiler's before/after
 * of every collection plus the change over the run); buffers' backing stores live outside the
 * JS heap and are not in it.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';

export interface Measured<T> {
  readonly result: T;
  readonly wall: number;
  readonly cpu: number;
  /** seconds spent in GC pauses */
  readonly gc: number;
  /** bytes allocated on the JS heap */
  readonly allocated: number;
  /** bytes of ArrayBuffer backing stores at the end less at the start (outside the JS heap) */
  readonly external: number;
}

interface GcStat {
  cost: number;
  beforeGC: { heapStatistics: { usedHeapSize: number } };
  afterGC: { heapStatistics: { usedHeapSize: number } };
}

export async function measure<T>(fn: () => Promise<T>): Promise<Measured<T>> {
  const profiler = new (v8 as unknown as { GCProfiler: new () => { start(): void; stop(): { statistics: GcStat[] } } }).GCProfiler();
  const used0 = v8.getHeapStatistics().used_heap_size;
  const ext0 = process.memoryUsage().arrayBuffers;
  profiler.start();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const { statistics } = profiler.stop();
  const used1 = v8.getHeapStatistics().used_heap_size;
  let freed = 0;
  let gcMicros = 0;
  for (const s of statistics) {
    freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
    gcMicros += s.cost;
  }
  return { result, wall, cpu: (c.user + c.system) / 1e6, gc: gcMicros / 1e6, allocated: used1 - used0 + freed, external: process.memoryUsage().arrayBuffers - ext0 };
}
