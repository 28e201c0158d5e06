# asyncio echo server with a Protocol (loop.create_server).
import asyncio
import sys


class EchoProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        print('connection from', transport.get_extra_info('peername'))

    def data_received(self, data):
        print('data', data)
        self.transport.write(data)

    def connection_lost(self, exc):
        print('lost', exc)


async def main(port):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(EchoProtocol, '0.0.0.0', port)
    async with server:
        await server.serve_forever()


asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8889))
