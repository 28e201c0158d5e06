/**
 * Errors are values: every parser returns `Parsed<T>` and never throws on bad input.
 * A `WireError` names the layer, the field, the byte offset (from the start of the buffer
 * the caller passed) and the reason, e.g. "tcp.dataOffset at offset 46: 3 < 5".
 */
export interface WireError {
  readonly layer: string;
  readonly field: string;
  readonly offset: number;
  readonly reason: string;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T; readonly end: number }
  | { readonly ok: false; readonly error: WireError };

export function parsed<T>(value: T, end: number): Parsed<T> {
  return { ok: true, value, end };
}

export function wireError(layer: string, field: string, offset: number, reason: string): Parsed<never> {
  return { ok: false, error: { layer, field, offset, reason } };
}

/** A short-read check used by every codec: `need` bytes from `offset` within `limit`. */
export function truncated(layer: string, field: string, offset: number, need: number, limit: number): Parsed<never> {
  return wireError(layer, field, offset, `truncated: needs ${need} bytes, ${Math.max(0, limit - offset)} available`);
}

export function formatWireError(e: WireError): string {
  return `${e.layer}.${e.field} at offset ${e.offset}: ${e.reason}`;
}
