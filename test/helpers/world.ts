/**
 * Small worlds for tests: one or two lab machines on a Docker-like bridge, driven by the
 * World's own loop (`settle` steps it until nothing is pending or a time bound).
 */
import { World } from '../../src/sim/world.ts';
import { DOCKER_BRIDGE } from '../../src/sim/link.ts';
import { defaultMakeTcp } from '../../src/sim/run-scenario.ts';
import { WSL2_PROFILE, type KernelProfile } from '../../src/stack/kernel/profile.ts';
import { dockerMac, ipv4 } from '../../src/stack/wire/addr.ts';

export const A = ipv4('172.16.16.101');
export const B = ipv4('172.16.16.102');

export function twoHosts(seed = 1, profile: KernelProfile = WSL2_PROFILE): World {
  const host = (name: string, addr: number) => ({
    name, hostname: name, profile,
    interfaces: [{ name: 'eth0', addr, prefix: 24, mac: dockerMac(addr), segment: 'lan' }],
  });
  return new World({ seed, epochSeconds: 1747985640, segments: [{ name: 'lan', params: DOCKER_BRIDGE }], hosts: [host('a', A), host('b', B)], makeTcp: defaultMakeTcp });
}

/** Step the world (no program threads) until nothing is due before `now + within`. */
export function settle(w: World, within = 5e9): void {
  const limit = w.now + within;
  w.flush();
  while (w.nextTime() <= limit) w.stepSync();
}
