/** The shape every DNS state machine returns, and the UDP endpoint type they speak in. */
import type { Ipv4Addr } from '../wire/addr.ts';

export interface Step<S, E> {
  readonly state: S;
  readonly effects: readonly E[];
}

export interface Endpoint {
  readonly addr: Ipv4Addr;
  readonly port: number;
}
