/**
 * A script's system call → the same call on the simulated host through `Syscalls`, and its
 * result against the script's: the return value (an fd maps script → live), `-1 ERRNO`
 * against the negative errno, and the values calls hand back (getsockopt's int, ioctl's
 * count, poll's revents, epoll_wait's event, recvmsg's TCP_CM_INQ control message). Buffers are zeros of the script's length, as
 * packetdrill's `...` buffers are.
 */
import { AF_INET, INADDR_ANY, IPPROTO_TCP, POLLRDHUP, SIOCINQ, TCP_INQ } from '../stack/abi/linux.ts';
import { EFAULT, ENOPROTOOPT } from '../stack/abi/errno.ts';
import type { SockAddr, SockOptArg, Syscalls } from '../stack/syscall/api.ts';
import { ipv4 } from '../stack/wire/addr.ts';
import { field, FdMap, intOf, iovLength, isEllipsis, structFields, Unsupported } from './args.ts';
import { REMOTE_IP, SCRIPT_PORT } from './flow.ts';
import type { Expr, SyscallSpec } from './script.ts';
import { errnoName, errnoValue } from './symbols.ts';

export interface CallEnv {
  readonly sys: Syscalls;
  readonly fds: FdMap;
  /** the runner's hooks: a socket became the one under test; connect / listen start a flow */
  socketUnderTest(liveFd: number): void;
  connecting(liveFd: number): void;
  listening(liveFd: number): void;
}

/** What a call returned (negative errno on failure) and, when an out-value differed, how. */
export interface CallResult {
  readonly ret: number;
  readonly outMismatch?: { readonly expected: string; readonly got: string };
  /** the call returns an fd the script names */
  readonly returnsFd?: boolean;
}

type Handler = (a: readonly Expr[], env: CallEnv) => CallResult | Promise<CallResult>;

const zeros = (n: number): Uint8Array => new Uint8Array(n);

function sockaddr(e: Expr | undefined, fallback: SockAddr): SockAddr {
  if (isEllipsis(e)) return fallback;
  const f = structFields(e, 'sockaddr');
  const port = field(f, 'sin_port')?.value;
  const addr = field(f, 'sin_addr')?.value;
  const portNo = port?.kind === 'call' && port.name === 'htons' ? intOf(port.args[0], 'port') : intOf(port, 'port');
  const text = addr?.kind === 'call' && addr.name === 'inet_addr' && addr.args[0]?.kind === 'string' ? addr.args[0].value : null;
  if (text === null) throw new Unsupported('sockaddr without inet_addr("…")');
  return { family: AF_INET, addr: ipv4(text), port: portNo };
}

function lengthOf(r: Uint8Array | number | { data: Uint8Array }): number {
  if (typeof r === 'number') return r;
  return r instanceof Uint8Array ? r.length : r.data.length;
}

/** Compares an out-value the script wrote (`[42000]`) with the live one. */
function outValue(expected: Expr | undefined, live: number, ret: number): CallResult {
  if (ret < 0 || isEllipsis(expected)) return { ret };
  const want = intOf(expected, 'value');
  return want === live ? { ret } : { ret, outMismatch: { expected: String(want), got: String(live) } };
}

function sendFlags(e: Expr | undefined): number {
  return isEllipsis(e) ? 0 : intOf(e, 'flags');
}

/**
 * write(fd, NULL, n) and the like: the copy from or to user memory faults (copy_from_user,
 * copy_to_user → EFAULT) and nothing is sent or consumed. labwire's calls take no user
 * memory, so the runner answers for that copy; a call's checks before it (a socket that is
 * not connected, an empty queue to wait on) are not modelled for a NULL buffer.
 */
function faultsOnNull(handler: Handler): Handler {
  return (a, env) => (a[1]?.kind === 'word' && a[1].name === 'NULL' && intOf(a[2], 'length') > 0 ? { ret: -EFAULT } : handler(a, env));
}

const HANDLERS: Readonly<Record<string, Handler>> = {
  socket: (a, env) => {
    const fd = env.sys.socket(AF_INET, intOf(a[1], 'type'), intOf(a[2], 'protocol'));
    if (fd >= 0) env.socketUnderTest(fd);
    return { ret: fd, returnsFd: true };
  },
  bind: (a, env) => ({ ret: env.sys.bind(env.fds.live(a[0]), sockaddr(a[1], { family: AF_INET, addr: INADDR_ANY, port: SCRIPT_PORT })) }),
  listen: (a, env) => {
    const fd = env.fds.live(a[0]);
    const ret = env.sys.listen(fd, intOf(a[1], 'backlog'));
    if (ret === 0) env.listening(fd);
    return { ret };
  },
  accept: (a, env) => acceptCall(env, env.fds.live(a[0]), 0),
  accept4: (a, env) => acceptCall(env, env.fds.live(a[0]), intOf(a[3], 'flags')),
  connect: async (a, env) => {
    const fd = env.fds.live(a[0]);
    env.connecting(fd);
    return { ret: await env.sys.connect(fd, sockaddr(a[1], { family: AF_INET, addr: ipv4(REMOTE_IP), port: SCRIPT_PORT })) };
  },
  write: faultsOnNull(async (a, env) => ({ ret: await env.sys.write(env.fds.live(a[0]), zeros(intOf(a[2], 'length'))) })),
  send: faultsOnNull(async (a, env) => ({ ret: await env.sys.sendto(env.fds.live(a[0]), zeros(intOf(a[2], 'length')), sendFlags(a[3]), null) })),
  sendto: faultsOnNull(async (a, env) => ({ ret: await env.sys.sendto(env.fds.live(a[0]), zeros(intOf(a[2], 'length')), sendFlags(a[3]), null) })),
  sendmsg: async (a, env) => {
    const msg = structFields(a[1], 'msghdr');
    if (field(msg, 'msg_control')) throw new Unsupported('sendmsg with msg_control');
    const n = iovLength(field(msg, 'msg_iov')?.value);
    return { ret: await env.sys.sendto(env.fds.live(a[0]), zeros(n), sendFlags(a[2]), null) };
  },
  read: faultsOnNull(async (a, env) => ({ ret: lengthOf(await env.sys.read(env.fds.live(a[0]), intOf(a[2], 'length'))) })),
  recv: faultsOnNull(async (a, env) => ({ ret: lengthOf(await env.sys.recvfrom(env.fds.live(a[0]), intOf(a[2], 'length'), sendFlags(a[3]))) })),
  recvfrom: faultsOnNull(async (a, env) => ({ ret: lengthOf(await env.sys.recvfrom(env.fds.live(a[0]), intOf(a[2], 'length'), sendFlags(a[3]))) })),
  recvmsg: async (a, env) => {
    const msg = structFields(a[1], 'msghdr');
    const fd = env.fds.live(a[0]);
    const control = field(msg, 'msg_control')?.value;
    // MSG_ERRQUEUE is no symbol labwire knows, so sendFlags names it unsupported
    const ret = lengthOf(await env.sys.recvfrom(fd, iovLength(field(msg, 'msg_iov')?.value), sendFlags(a[2])));
    return control === undefined || ret < 0 ? { ret } : controlMessages(control, fd, env, ret);
  },
  close: (a, env) => ({ ret: env.sys.close(env.fds.live(a[0])) }),
  shutdown: (a, env) => ({ ret: env.sys.shutdown(env.fds.live(a[0]), intOf(a[1], 'how')) }),
  setsockopt: (a, env) => ({ ret: knownOption(a[2], env.sys.setsockopt(env.fds.live(a[0]), intOf(a[1], 'level'), intOf(a[2], 'optname'), optValue(a[3]))) }),
  getsockopt: (a, env) => {
    const v = env.sys.getsockopt(env.fds.live(a[0]), intOf(a[1], 'level'), intOf(a[2], 'optname'));
    if (typeof v !== 'number') throw new Unsupported('getsockopt of a struct');
    knownOption(a[2], v);
    return v < 0 ? { ret: v } : outValue(a[3], v, 0);
  },
  fcntl: (a, env) => ({ ret: env.sys.fcntl(env.fds.live(a[0]), intOf(a[1], 'cmd'), a[2] === undefined ? undefined : intOf(a[2], 'arg')) }),
  ioctl: (a, env) => {
    const v = env.sys.ioctl(env.fds.live(a[0]), intOf(a[1], 'request'));
    return v < 0 ? { ret: v } : outValue(a[2], v, 0);
  },
  poll: (a, env) => pollCall(a, env),
  epoll_create: (_a, env) => ({ ret: env.sys.epoll_create1(0), returnsFd: true }),
  epoll_create1: (a, env) => ({ ret: env.sys.epoll_create1(intOf(a[0], 'flags')), returnsFd: true }),
  epoll_ctl: (a, env) => {
    const ev = isEllipsis(a[3]) ? null : structFields(a[3], 'epoll_event');
    const event = ev ? { events: intOf(field(ev, 'events')?.value, 'events'), data: epollData(ev, env) } : null;
    return { ret: env.sys.epoll_ctl(env.fds.live(a[0]), intOf(a[1], 'op'), env.fds.live(a[2]), event) };
  },
  epoll_wait: (a, env) => epollWaitCall(a, env),
};

/** ENOPROTOOPT from the host's table: an option labwire does not have, which Linux does; named as unsupported. */
function knownOption(name: Expr | undefined, ret: number): number {
  if (ret === -ENOPROTOOPT) throw new Unsupported(`socket option ${name?.kind === 'word' ? name.name : intOf(name, 'optname')}`);
  return ret;
}

function optValue(e: Expr | undefined): SockOptArg {
  if (e?.kind === 'string') return e.value; // TCP_CONGESTION's name
  if (e?.kind === 'struct') {
    return { onoff: intOf(field(e.fields, 'onoff')?.value, 'onoff'), linger: intOf(field(e.fields, 'linger')?.value, 'linger') };
  }
  return intOf(e, 'option value');
}

async function acceptCall(env: CallEnv, fd: number, flags: number): Promise<CallResult> {
  const r = await env.sys.accept4(fd, flags);
  if (typeof r === 'number') return { ret: r };
  env.socketUnderTest(r.fd);
  return { ret: r.fd, returnsFd: true };
}

function epollData(ev: ReturnType<typeof structFields>, env: CallEnv): number {
  const fd = field(ev, 'fd');
  if (fd) return env.fds.live(fd.value);
  return intOf(field(ev, 'ptr')?.value ?? field(ev, 'u64')?.value ?? field(ev, 'u32')?.value, 'epoll data');
}

async function pollCall(a: readonly Expr[], env: CallEnv): Promise<CallResult> {
  const list = a[0];
  if (!list || list.kind !== 'array') throw new Unsupported('poll without a pollfd array');
  const want = list.items.map((item) => structFields(item, 'pollfd'));
  const fds = want.map((f) => ({ fd: env.fds.live(field(f, 'fd')?.value), events: intOf(field(f, 'events')?.value, 'events'), revents: 0 }));
  const ret = await env.sys.poll(fds, intOf(a[2], 'timeout'));
  for (let i = 0; i < fds.length; i++) {
    const expected = field(want[i]!, 'revents');
    const w = expected ? intOf(expected.value, 'revents') : 0;
    if (ret >= 0 && w !== fds[i]!.revents) return { ret, outMismatch: { expected: `revents=${w}`, got: `revents=${fds[i]!.revents}` } };
  }
  return { ret };
}

async function epollWaitCall(a: readonly Expr[], env: CallEnv): Promise<CallResult> {
  const r = await env.sys.epoll_wait(env.fds.live(a[0]), intOf(a[2], 'maxevents'), intOf(a[3], 'timeout'));
  if (typeof r === 'number') return { ret: r };
  if (r.length === 0 || isEllipsis(a[1])) return { ret: r.length };
  const ev = structFields(a[1], 'epoll_event');
  const events = intOf(field(ev, 'events')?.value, 'events');
  const data = epollData(ev, env);
  const got = r[0]!;
  if (got.events !== events || got.data !== data) {
    return { ret: r.length, outMismatch: { expected: `events=${events} data=${data}`, got: `events=${got.events} data=${got.data}` } };
  }
  return { ret: r.length };
}

/**
 * recvmsg()'s control messages against the script's list. The one a TCP socket gives is
 * TCP_CM_INQ, when TCP_INQ is on (tcp_recvmsg → tcp_inq_hint): the bytes left to read plus one
 * once the FIN arrived (SOCK_DONE), i.e. SIOCINQ plus the FIN.
 */
function controlMessages(control: Expr, fd: number, env: CallEnv, ret: number): CallResult {
  if (control.kind !== 'array') throw new Unsupported('recvmsg msg_control that is not a cmsg list');
  const got: string[] = [];
  if (env.sys.getsockopt(fd, IPPROTO_TCP, TCP_INQ) === 1) {
    const fin = (env.sys.pollMask(fd) & POLLRDHUP) !== 0 ? 1 : 0;
    got.push(`TCP_CM_INQ=${env.sys.ioctl(fd, SIOCINQ) + fin}`);
  }
  const want = control.items.map((item) => {
    const c = structFields(item, 'cmsghdr');
    const level = intOf(field(c, 'cmsg_level')?.value, 'cmsg_level');
    const type = intOf(field(c, 'cmsg_type')?.value, 'cmsg_type');
    if (level !== IPPROTO_TCP || type !== TCP_INQ) throw new Unsupported(`control message ${level}/${type}`);
    return `TCP_CM_INQ=${intOf(field(c, 'cmsg_data')?.value, 'cmsg_data')}`;
  });
  const [e, g] = [want.join(' '), got.join(' ')];
  return e === g ? { ret } : { ret, outMismatch: { expected: `msg_control ${e || '(none)'}`, got: `msg_control ${g || '(none)'}` } };
}

/** Runs one script call on the host; throws Unsupported for calls or arguments it cannot map. */
export async function runCall(call: SyscallSpec, env: CallEnv): Promise<CallResult> {
  const handler = HANDLERS[call.name];
  if (!handler) throw new Unsupported(`system call ${call.name}`);
  return handler(call.args, env);
}

/** The script's expected return value vs the live one: null when they agree, else a description of each. */
export function checkReturn(call: SyscallSpec, result: CallResult, fds: FdMap): { expected: string; got: string } | null {
  if (isEllipsis(call.result)) return null;
  const want = intOf(call.result, 'result');
  const got = result.ret < 0 ? `-1 ${errnoName(-result.ret)}` : String(result.ret);
  if (want < 0) {
    const errno = call.errno ? errnoValue(call.errno) : undefined;
    if (call.errno && errno === undefined) throw new Unsupported(`errno ${call.errno}`);
    const ok = result.ret < 0 && (errno === undefined || -result.ret === errno);
    return ok ? null : { expected: `-1 ${call.errno ?? ''}`.trim(), got };
  }
  if (result.returnsFd && result.ret >= 0) {
    fds.record(want, result.ret);
    return null;
  }
  return result.ret === want ? null : { expected: String(want), got };
}
