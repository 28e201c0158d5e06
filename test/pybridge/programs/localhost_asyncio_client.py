"""asyncio.open_connection('localhost'): getaddrinfo gives ::1 first, so the client speaks IPv6."""
import asyncio


async def main():
    reader, writer = await asyncio.open_connection('localhost', 8889)
    print('client', writer.get_extra_info('sockname')[0], '->', writer.get_extra_info('peername'))
    writer.write(b'hello over ::1')
    await writer.drain()
    print('client got', await reader.read(100))
    writer.close()

asyncio.run(main())
