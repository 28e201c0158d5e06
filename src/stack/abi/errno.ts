/**
 * Linux errno values and the texts Python prints for them (`[Errno 111] Connection refused`).
 * Socket calls in the stack return a negative errno instead of throwing; the Python-style
 * socket layer turns it into the right exception class.
 */
export const EPERM = 1;
export const ENOENT = 2;
export const EINTR = 4;
export const EBADF = 9;
export const EAGAIN = 11;
export const EACCES = 13;
export const EFAULT = 14;
export const EEXIST = 17;
export const ENODEV = 19;
export const EINVAL = 22;
export const EMFILE = 24;
export const ENOTTY = 25;
export const ENOSYS = 38;
export const EPIPE = 32;
export const EPROTO = 71;
export const ENOTSOCK = 88;
export const EDESTADDRREQ = 89;
export const EMSGSIZE = 90;
export const EPROTOTYPE = 91;
export const ENOPROTOOPT = 92;
export const EPROTONOSUPPORT = 93;
export const ESOCKTNOSUPPORT = 94;
export const EOPNOTSUPP = 95;
export const EAFNOSUPPORT = 97;
export const EADDRINUSE = 98;
export const EADDRNOTAVAIL = 99;
export const ENETUNREACH = 101;
export const ECONNABORTED = 103;
export const ECONNRESET = 104;
export const ENOBUFS = 105;
export const EISCONN = 106;
export const ENOTCONN = 107;
export const ETIMEDOUT = 110;
export const ECONNREFUSED = 111;
export const EHOSTUNREACH = 113;
export const EALREADY = 114;
export const EINPROGRESS = 115;

/** strerror() texts of glibc, which Python shows in OSError.__str__. */
export const ERRNO_TEXT: Readonly<Record<number, string>> = {
  [EPERM]: 'Operation not permitted',
  [ENOENT]: 'No such file or directory',
  [EINTR]: 'Interrupted system call',
  [EBADF]: 'Bad file descriptor',
  [EAGAIN]: 'Resource temporarily unavailable',
  [EACCES]: 'Permission denied',
  [EFAULT]: 'Bad address',
  [EEXIST]: 'File exists',
  [ENODEV]: 'No such device',
  [EINVAL]: 'Invalid argument',
  [EMFILE]: 'Too many open files',
  [ENOTTY]: 'Inappropriate ioctl for device',
  [ENOSYS]: 'Function not implemented',
  [EPIPE]: 'Broken pipe',
  [EPROTO]: 'Protocol error',
  [ENOTSOCK]: 'Socket operation on non-socket',
  [EDESTADDRREQ]: 'Destination address required',
  [EMSGSIZE]: 'Message too long',
  [EPROTOTYPE]: 'Protocol wrong type for socket',
  [ENOPROTOOPT]: 'Protocol not available',
  [EPROTONOSUPPORT]: 'Protocol not supported',
  [ESOCKTNOSUPPORT]: 'Socket type not supported',
  [EOPNOTSUPP]: 'Operation not supported',
  [EAFNOSUPPORT]: 'Address family not supported by protocol',
  [EADDRINUSE]: 'Address already in use',
  [EADDRNOTAVAIL]: 'Cannot assign requested address',
  [ENETUNREACH]: 'Network is unreachable',
  [ECONNABORTED]: 'Software caused connection abort',
  [ECONNRESET]: 'Connection reset by peer',
  [ENOBUFS]: 'No buffer space available',
  [EISCONN]: 'Transport endpoint is already connected',
  [ENOTCONN]: 'Transport endpoint is not connected',
  [ETIMEDOUT]: 'Connection timed out',
  [ECONNREFUSED]: 'Connection refused',
  [EHOSTUNREACH]: 'No route to host',
  [EALREADY]: 'Operation already in progress',
  [EINPROGRESS]: 'Operation now in progress',
};

export const ERRNO_NAME: Readonly<Record<number, string>> = {
  [EAGAIN]: 'EAGAIN', [EINVAL]: 'EINVAL', [EPIPE]: 'EPIPE', [EADDRINUSE]: 'EADDRINUSE',
  [ECONNRESET]: 'ECONNRESET', [ENOTCONN]: 'ENOTCONN', [ETIMEDOUT]: 'ETIMEDOUT',
  [ECONNREFUSED]: 'ECONNREFUSED', [EHOSTUNREACH]: 'EHOSTUNREACH', [EINPROGRESS]: 'EINPROGRESS',
  [EISCONN]: 'EISCONN', [EALREADY]: 'EALREADY', [ENETUNREACH]: 'ENETUNREACH', [EBADF]: 'EBADF',
  [EADDRNOTAVAIL]: 'EADDRNOTAVAIL', [EMSGSIZE]: 'EMSGSIZE', [ECONNABORTED]: 'ECONNABORTED',
  [EACCES]: 'EACCES', [ENOTSOCK]: 'ENOTSOCK', [ENOPROTOOPT]: 'ENOPROTOOPT', [EOPNOTSUPP]: 'EOPNOTSUPP',
  [EDESTADDRREQ]: 'EDESTADDRREQ', [EAFNOSUPPORT]: 'EAFNOSUPPORT', [ENOTTY]: 'ENOTTY', [EEXIST]: 'EEXIST',
  [ENOENT]: 'ENOENT', [EPERM]: 'EPERM', [EINTR]: 'EINTR',
  [ENODEV]: 'ENODEV', [EPROTO]: 'EPROTO', [ENOBUFS]: 'ENOBUFS',
};
