"""A healthy asyncio server: an event loop idle in epoll_wait, waiting for clients."""
import asyncio


async def handle(reader, writer):
    writer.write(await reader.readline())
    await writer.drain()
    writer.close()


async def tick():
    while True:
        await asyncio.sleep(1)


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print("READY", flush=True)
    async with server:
        await tick()


if __name__ == "__main__":
    asyncio.run(main())
