/**
 * DNS behaviour, each piece sans-IO: bytes and time in, effects out.
 *
 * - `zone.ts`, `zone-server.ts`: the recursive resolver the lab reaches at 10.255.255.254,
 *   as a pure `answerQuery(zone, query, asker)`.
 * - `stub.ts` (+ `stub-answer.ts`, `gai.ts`, `resolv-conf.ts`): glibc's stub resolver for one
 *   getaddrinfo/gethostbyname_r call: /etc/hosts, parallel A/AAAA, res_send's retry rules,
 *   and the results and errors Python prints.
 * - `forwarder.ts`: Docker's embedded DNS at 127.0.0.11:53, forwarding upstream.
 *
 * Rules: nothing here opens a socket, reads a clock or draws a random number. Query ids come
 * in as arguments; source ports are the kernel's business (an `open` effect asks for a
 * socket, the kernel binds it). Timers are absolute deadlines in effects; a stale timer is
 * ignored, so the caller never has to cancel one precisely.
 */
export * from './forwarder.ts';
export * from './gai.ts';
export * from './resolv-conf.ts';
export * from './step.ts';
export * from './stub.ts';
export * from './stub-answer.ts';
export * from './zone.ts';
export * from './zone-server.ts';
