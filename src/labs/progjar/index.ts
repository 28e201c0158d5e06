/**
 * The progjar lab for reuse in your own scenarios (`import … from 'labwire/labs/progjar'`):
 * its machines and networks (`progjar`: mesin1–3 on Docker's default bridge and
 * progjar-network, with Docker's embedded DNS forwarding to the WSL2 host's resolver), the
 * resolver's zone, and the lab's programs written as the lab's Python does it: the echo
 * server and client, ping, socket_info, and the concurrent echo servers (a thread per
 * client, select, selectors).
 *
 *   import { defineScenario } from 'labwire';
 *   import { progjar, echoServer, echoClient } from 'labwire/labs/progjar';
 */
export { progjar, RESOLVER } from './lab.ts';
export { progjarZone, resolutionDelay, MESIN1_ETH0, MESIN2_ETH0, MESIN3_ETH0 } from './zone.ts';
export { echoServer, echoClient, type EchoServerOptions, type EchoClientOptions } from '../../programs/progjar/echo.ts';
export { ping, formatRtt, type PingOptions } from '../../programs/progjar/ping.ts';
export { socketInfo, type SocketInfoOptions } from '../../programs/progjar/socket-info.ts';
export { threadedEchoServer, selectEchoServer, selectorsEchoServer, type ConcurrentServerOptions } from '../../programs/progjar/concurrent.ts';
