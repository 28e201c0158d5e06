/**
 * English: the reference catalog. Every key here must exist in every other language (the
 * `Catalog` type makes a missing key a tsc error). Filter fields, protocol names, tshark's
 * own text and program transcripts are never put in a catalog: they stay as the tools print them.
 */
import { plural } from './plural.ts';

export const en = {
  lang: 'en',
  title: (file: string) => `labwire report: ${file}`,
  capture: 'Capture',
  filter: 'Filter',
  filterPlaceholder: 'display filter, e.g. tcp.len > 0',
  filterApply: 'Apply',
  modeScale: 'To scale',
  modeRows: 'One row per event',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  shown: (shown: number, total: number, locale: string) =>
    `${fmt(shown, locale)} of ${plural(locale, total, { one: `${fmt(total, locale)} frame`, other: `${fmt(total, locale)} frames` })} shown`,
  details: 'Details',
  bytes: 'Bytes',
  comment: 'Why this frame',
  noFrame: 'Click an arrow to see the frame, its fields and its bytes. ↑/↓ move between frames.',
  loading: 'Reading the capture…',
  noDecompression: 'This browser cannot decompress the embedded data (DecompressionStream is missing).',
  programs: 'Programs',
  queues: 'Socket queues and windows',
  blocked: 'blocked',
  returned: 'returned',
  sendQ: 'Send-Q',
  recvQ: 'Recv-Q',
  rcvWnd: 'advertised window',
  sndWnd: 'peer window',
  cwnd: 'cwnd',
  changed: 'What this frame changed',
  // teaching comments, one line per frame (pcapng opt_comment and the details pane)
  causeCall: (call: string, bytes: number, locale: string) =>
    `${call} handed ${plural(locale, bytes, { one: `${fmt(bytes, locale)} byte`, other: `${fmt(bytes, locale)} bytes` })} to TCP, which sent them at once`,
  causeQueued: (call: string, bytes: number, locale: string) =>
    `sent while ${call} ran: ${plural(locale, bytes, { one: `${fmt(bytes, locale)} byte`, other: `${fmt(bytes, locale)} bytes` })} of the send queue, earlier writes' included, that waited for an ACK or the window`,
  causeUrgent: (call: string, bytes: number, pointer: number, locale: string) =>
    `${call} handed ${plural(locale, bytes, { one: `${fmt(bytes, locale)} byte`, other: `${fmt(bytes, locale)} bytes` })} to TCP in urgent mode (MSG_OOB): URG is set and the urgent pointer (${fmt(pointer, locale)}) ends just past the urgent byte, which the receiver reads apart with recv(MSG_OOB)`,
  causeConnect: (call: string) => `${call} opened the connection: the first step of the three-way handshake`,
  causeClose: (call: string) => `${call}: this side sends no more data, so the kernel sends FIN after the data already queued`,
  causeSynAck: 'the listening socket answers a SYN with SYN-ACK (second step of the handshake)',
  causeHandshakeAck: 'the SYN-ACK arrived: the kernel completes the handshake with an ACK',
  causeAckNow: 'the kernel acknowledges at once: quick-ACK mode (the start of a connection), more than one full-sized segment unacknowledged, or data out of order or outside the window',
  causeDelayedAck: 'the delayed-ACK timer expired: nothing was sent to carry the ACK',
  causeReadAck: (call: string) => `${call} took data, and the kernel acknowledges what had arrived, offering the window the read left (tcp_cleanup_rbuf)`,
  causeCallAck: (call: string) => `sent as ${call} ended: segments that arrived while it held the socket are answered then (release_sock)`,
  causeRto: (n: number) => `retransmission: the retransmission timer (RTO) expired, attempt ${n}`,
  causeFinAck: 'the peer closed its side: the kernel acknowledges the FIN',
  causeFinReleased: 'an ACK came and let out this side\'s FIN, which close() had queued behind data not yet sent',
  causeReset: 'no socket wants this segment: the kernel answers with RST',
  causeAbort: (call: string) => `${call} aborted the connection: with data left unread or SO_LINGER 0 the kernel sends RST instead of FIN`,
  causeArpRequest: (ip: string) => `the kernel needs the MAC address of ${ip} before it can send: ARP request`,
  causeArpReply: 'the kernel answers an ARP request for its own address',
  causeDns: (call: string) => `${call} asks the resolver`,
  causeDatagram: (call: string, bytes: number, to: 'unicast' | 'broadcast' | 'multicast', locale: string) =>
    `${call} sent a UDP datagram of ${plural(locale, bytes, { one: `${fmt(bytes, locale)} byte`, other: `${fmt(bytes, locale)} bytes` })}${to === 'broadcast' ? ' to every machine on the network (broadcast)' : to === 'multicast' ? ' to the members of a multicast group' : ''}`,
  causeIgmp: 'the kernel tells routers and switches which multicast groups this machine joined or left (IGMPv3 membership report)',
  causeIcmp: (what: string) => `the kernel sends ICMP: ${what}`,
  causeForward: 'forwarded by this machine (routing)',
  causeArpHeld: "held until the ARP reply gave the next hop's MAC address",
  causeAckReleased: 'data held until an ACK came (Nagle waits for the ACK of small data in flight, or the window was full)',
  causeOther: (note: string) => note,
  causeUnknown: 'the simulator did not record why this frame was sent',
};

function fmt(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

type Widen<T> = T extends string ? string : T;
/** The shape every language must have: the same keys, the same function signatures. */
export type Catalog = { readonly [K in keyof typeof en]: Widen<(typeof en)[K]> };
