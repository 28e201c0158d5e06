/**
 * Lane order: each host's programs' lanes and sockets' plots beside its address lane, so a
 * call bar stands next to the frames it sent and received — on the outer side (left of the
 * first address lane, right of the others) so that no arrow crosses them on the way from one
 * host to the next in a two-host lab. Lanes of hosts with no address lane go at the end.
 */
export interface ExtraLane {
  readonly name: string;
  readonly host: string;
}

/** `order[k]` is the original index of the lane drawn k-th; `position[i]` where lane i goes. */
export function orderLanes(addressLanes: readonly string[], extra: readonly ExtraLane[], hostAddress: ReadonlyMap<string, string>): { order: number[]; position: number[] } {
  const n = addressLanes.length;
  const order: number[] = [];
  const placed = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (i > 0) order.push(i);
    extra.forEach((e, j) => {
      if (hostAddress.get(e.host) === addressLanes[i] && !placed.has(j)) {
        placed.add(j);
        order.push(n + j);
      }
    });
    if (i === 0) order.push(i);
  }
  extra.forEach((_, j) => placed.has(j) || order.push(n + j));
  const position: number[] = [];
  order.forEach((orig, k) => (position[orig] = k));
  return { order, position };
}
