/**
 * emit*Into writes into the caller's buffer, and a typed array silently drops writes past
 * its end. One comparison per emit turns that caller's bug into an exception instead of a
 * corrupt frame.
 */
export function assertRoom(out: Uint8Array, end: number, layer: string): void {
  if (end > out.length) throw new RangeError(`${layer}: needs ${end} bytes of output, buffer has ${out.length}`);
}
