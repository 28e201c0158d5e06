/**
 * The lab's socket_info.py as the student's report ran it: get_my_info(), then
 * get_remote_info() for each remote host, then get_my_socket().
 */
import type { Program } from '../../stack/socket/context.ts';

export interface SocketInfoOptions {
  /** the remote hosts get_remote_info looks up, in order */
  readonly remoteHosts: readonly string[];
}

export const socketInfo = (o: SocketInfoOptions): Program => async ({ socket, print }) => {
  // get_my_info()
  const hostname = socket.gethostname();
  print(`hostname : ${hostname}`);
  print(`ipaddress: ${await socket.gethostbyname(hostname)}`);
  // get_remote_info()
  for (const remoteHost of o.remoteHosts) {
    try {
      const remoteHostIp = await socket.gethostbyname(remoteHost);
      print(`ip address dari ${remoteHost} adalah ${remoteHostIp}`);
    } catch (ee) {
      print(`ERROR : ${String(ee)}`);
    }
  }
  // get_my_socket()
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  print(`timeout : ${s.gettimeout() ?? 'None'}`);
  s.settimeout(10);
  print(`timeout : ${(s.gettimeout() ?? 0).toFixed(1)}`);
  print(await socket.getaddrinfo('www.its.ac.id', 80, { proto: socket.IPPROTO_TCP }));
  s.close();
};
