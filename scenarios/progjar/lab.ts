/**
 * The progjar lab's machines (LAB.md): Docker containers on a WSL2 laptop, each with eth0 on
 * Docker's default bridge (the default route) and eth1 on progjar-network. MACs follow
 * Docker's rule (02:42 + the IPv4 bytes); /etc/hosts maps the hostname to the eth0 address.
 */
import { defineLab } from '../../src/sim/scenario.ts';

export const progjar = defineLab({
  name: 'progjar',
  // the report's captures were taken on 2025-05-23 around 07:34 UTC
  epoch: '2025-05-23T07:34:00Z',
  kernel: 'wsl2',
  networks: {
    bridge: { subnet: '172.20.0.0/16', gateway: '172.20.0.1' }, // docker default bridge
    progjar: { subnet: '172.16.16.0/24', gateway: '172.16.16.1' }, // progjar-network
  },
  defaultNetwork: 'bridge',
  machines: {
    mesin1: { hostname: '2117a5c5c2c4', interfaces: { eth0: '172.20.0.3', eth1: '172.16.16.101' } },
    mesin2: { hostname: '79666ee79c0', interfaces: { eth0: '172.20.0.4', eth1: '172.16.16.102' } },
    mesin3: { hostname: '5c1f0a3e9b27', interfaces: { eth0: '172.20.0.5', eth1: '172.16.16.103' } },
  },
});
