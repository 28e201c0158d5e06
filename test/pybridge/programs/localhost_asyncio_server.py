"""asyncio.start_server on 'localhost': one listener on ::1 (IPV6_V6ONLY) and one on 127.0.0.1."""
import asyncio


async def handle(reader, writer):
    data = await reader.read(100)
    print('server got', data, 'from', writer.get_extra_info('peername'))
    writer.write(data)
    await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(handle, 'localhost', 8889)
    print('serving', sorted(s.getsockname() for s in server.sockets))
    async with server:
        await server.serve_forever()

asyncio.run(main())
