# An asyncio stream server for several clients at once: each line is answered with its length,
# a client silent for 1.5 s is told so and dropped (wait_for on readline), 'quit' ends it.
import asyncio

async def handle(reader, writer):
    peer = writer.get_extra_info('peername')
    print('open', peer, flush=True)
    while True:
        try:
            line = await asyncio.wait_for(reader.readline(), timeout=1.5)
        except asyncio.TimeoutError:
            writer.write(b'too quiet, bye\n')
            await writer.drain()
            print('timeout', peer, flush=True)
            break
        if not line or line.strip() == b'quit':
            print('quit' if line else 'eof', peer, flush=True)
            break
        writer.write(f'{len(line.strip())}\n'.encode())
        await writer.drain()
    writer.close()
    await writer.wait_closed()

async def main():
    server = await asyncio.start_server(handle, '0.0.0.0', 8890)
    async with server:
        await server.serve_forever()

asyncio.run(main())
