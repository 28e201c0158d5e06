# asyncio client with open_connection: write lines, read the echoes with readexactly.
import asyncio
import sys


async def main(host, port):
    reader, writer = await asyncio.open_connection(host, port)
    for i in range(3):
        message = f'asyncio line {i}\n'.encode()
        writer.write(message)
        await writer.drain()
        echo = await reader.readexactly(len(message))
        print('echo', echo, 'at', round(asyncio.get_running_loop().time(), 6))
    writer.close()
    await writer.wait_closed()


asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else '172.16.16.101', int(sys.argv[2]) if len(sys.argv) > 2 else 8889))
