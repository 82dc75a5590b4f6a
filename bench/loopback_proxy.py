"""Forward 127.0.0.1 ports to other hosts: ``loopback_proxy.py 8101=customers:8101 …``.

bench/containers.sh runs ``huikuan demo --running`` in a container on the compose
network; the demo talks to the documented ports on 127.0.0.1, which this forwards to the
service containers, so the stack needs no port on the host (where they may be taken).
"""

from __future__ import annotations

import asyncio
import sys


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def forward(port: int, host: str, target: int) -> asyncio.Server:
    async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(host, target)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    return await asyncio.start_server(connected, "127.0.0.1", port)


async def main(specs: list[str]) -> None:
    servers = []
    for spec in specs:
        port, _, target = spec.partition("=")
        host, _, target_port = target.rpartition(":")
        servers.append(await forward(int(port), host, int(target_port)))
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
