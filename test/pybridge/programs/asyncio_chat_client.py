# Two connections at once with asyncio.gather: one sends three lines and quits, the other one
# line and then stays silent until the server drops it.
import asyncio, sys

async def talk(name, lines, host):
    reader, writer = await asyncio.open_connection(host, 8890)
    for text in lines:
        writer.write((text + '\n').encode())
        await writer.drain()
        print(name, text, '->', (await reader.readline()).decode().strip())
        await asyncio.sleep(0.2)
    if lines[-1] != 'quit':
        print(name, 'then', (await reader.readline()).decode().strip())
    print(name, 'end', await reader.read())
    writer.close()
    await writer.wait_closed()

async def main(host):
    await asyncio.gather(talk('a', ['satu', 'dua dua', 'quit'], host), talk('b', ['tiga tiga tiga'], host))

asyncio.run(main(sys.argv[1]))
