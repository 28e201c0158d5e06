/**
 * One empty list shared by every connection until its first item: an idle connection's
 * streams, queues and scoreboards hold no arrays of their own (32 bytes each, a dozen per
 * socket), as Linux's empty skb queues hold no memory. Frozen, so a write that forgot to take
 * an array of its own first throws instead of reaching every connection.
 */
const NONE: readonly never[] = Object.freeze([]);

/** The shared empty list, typed as the field it starts. */
export function none<T>(): T[] {
  return NONE as unknown as T[];
}

/** `list`, or a new array to write to when it is still the shared one. */
export function writable<T>(list: T[]): T[] {
  return list === (NONE as unknown) ? [] : list;
}
