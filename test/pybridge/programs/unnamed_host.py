# Name lookups with no name, and numbers back to names: getaddrinfo(None, …) as asyncio's
# create_server(host=None) uses it, and getnameinfo over /etc/hosts and the services table.
import asyncio
import socket

print(socket.getaddrinfo(None, 80))
print(socket.getaddrinfo(None, 'http', 0, socket.SOCK_STREAM, 0, socket.AI_PASSIVE))
print(socket.getaddrinfo(None, 80, socket.AF_INET, socket.SOCK_DGRAM))
for args in [(None, None), ('127.0.0.1', 80, 0, 0, 0, 0)]:
    try:
        print(socket.getaddrinfo(*args)[0])
    except socket.gaierror as e:
        print('gaierror', e)
for sockaddr, flags in [(('127.0.0.1', 53), socket.NI_DGRAM), (('127.0.0.1', 1), 0), (('127.0.0.1', 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV),
                        (('127.0.0.1', 70000), 0), (('localhost', 80), 0), (('127.0.0.1', 80, 1), 0)]:
    try:
        print(sockaddr, socket.getnameinfo(sockaddr, flags))
    except OSError as e:
        print(sockaddr, type(e).__name__, e)


async def main():
    server = await asyncio.start_server(lambda r, w: w.close(), None, 8888)
    print(sorted(s.getsockname() for s in server.sockets))
    server.close()
    await server.wait_closed()

asyncio.run(main())
