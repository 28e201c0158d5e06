/**
 * A scenario's network faults put on its World: the netem qdiscs (`netem` field, `--netem`)
 * and the timed link events (`events`): carrier off and on, partitions, bandwidth changes.
 */
import type { World } from '../world.ts';
import type { LinkEventSpec, ScenarioSpec } from '../scenario.ts';
import { toNanos } from '../duration.ts';
import { parseNetem } from './parse.ts';

/** Attach every netem qdisc and schedule every link event of a validated scenario. */
export function applyNetworkFaults(world: World, sc: ScenarioSpec): void {
  for (const [ref, line] of Object.entries(sc.netem ?? {})) {
    const [host, iface] = ref.split(':') as [string, string];
    world.netem(host, iface, parseNetem(line));
  }
  for (const e of sc.events ?? []) scheduleEvent(world, e);
}

function scheduleEvent(world: World, e: LinkEventSpec): void {
  const at = toNanos(e.at);
  if (e.action === 'bandwidth') {
    world.at(at, () => world.segments.get(e.network!)!.setBandwidth(e.bandwidth!));
    return;
  }
  const [host, iface] = e.iface ? (e.iface.split(':') as [string, string]) : [e.machine!, ifaceOn(world, e.machine!, e.network!)];
  const on = e.action === 'up' || e.action === 'connect';
  world.at(at, () => world.setCarrier(host, iface, on));
  if (!on && e.for !== undefined) world.at(at + toNanos(e.for), () => world.setCarrier(host, iface, true));
}

/** the name of `machine`'s interface on `network` */
function ifaceOn(world: World, machine: string, network: string): string {
  return world.host(machine).config.interfaces.find((i) => i.segment === network)!.name;
}
