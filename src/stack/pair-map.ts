/**
 * A map keyed by two numbers, as a connection's two ends key it (the remote end, then the
 * local one). Most first keys have one second key (a client's address and port talks to one
 * server socket), so such an entry is one small object, not a Map of its own: 10 000 idle
 * connections held 10 000 one-entry Maps (about 180 bytes each) per table (issue 15).
 * Values are never undefined.
 */
interface One<V> {
  readonly key: number;
  value: V;
}

export class PairMap<V> {
  private readonly outer = new Map<number, One<V> | Map<number, V>>();

  get(a: number, b: number): V | undefined {
    const x = this.outer.get(a);
    if (x === undefined) return undefined;
    if (x instanceof Map) return x.get(b);
    return x.key === b ? x.value : undefined;
  }

  has(a: number, b: number): boolean {
    return this.get(a, b) !== undefined;
  }

  set(a: number, b: number, value: V): void {
    const x = this.outer.get(a);
    if (x === undefined) this.outer.set(a, { key: b, value });
    else if (x instanceof Map) x.set(b, value);
    else if (x.key === b) x.value = value;
    else this.outer.set(a, new Map([[x.key, x.value], [b, value]]));
  }

  delete(a: number, b: number): void {
    const x = this.outer.get(a);
    if (x === undefined) return;
    if (x instanceof Map) {
      x.delete(b);
      if (x.size === 0) this.outer.delete(a);
    } else if (x.key === b) this.outer.delete(a);
  }
}
