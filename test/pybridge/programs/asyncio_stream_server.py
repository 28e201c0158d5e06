# asyncio stream echo server (asyncio.start_server): a coroutine per client, line by line.
import asyncio
import sys


async def handle(reader, writer):
    peer = writer.get_extra_info('peername')
    print('client', peer)
    while line := await reader.readline():
        writer.write(line)
        await writer.drain()
    print('bye', peer)
    writer.close()
    await writer.wait_closed()


async def main(port):
    server = await asyncio.start_server(handle, '0.0.0.0', port)
    async with server:
        await server.serve_forever()


asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8889))
