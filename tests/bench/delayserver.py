#!/usr/bin/env python3
"""A loopback HTTP/1.1 server that waits before every answer, for the "slow answers" workload.

Used only when nginx's echo module is missing. Serves GET/HEAD /delay/NAME from --root after
--delay seconds, with Content-Length and keep-alive; the wait is a coroutine, so any number of
requests wait at once. Prints "PORT n" on stdout once it listens.
"""

import argparse
import asyncio
import os
import sys

MAX_HEADER_BYTES = 64 * 1024


def response(status, reason, length, keep_alive):
    connection = "keep-alive" if keep_alive else "close"
    return (f"HTTP/1.1 {status} {reason}\r\nServer: gather-bench-delay\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {length}\r\n"
            f"Connection: {connection}\r\n\r\n").encode("ascii")


async def serve_connection(reader, writer, root, delay, cache):
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            lines = head.decode("latin-1").split("\r\n")
            parts = lines[0].split()
            if len(parts) != 3:
                return
            method, target, version = parts
            headers = {k.strip().lower(): v.strip()
                       for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            connection = headers.get("connection", "").lower()
            keep_alive = "close" not in connection and (
                version == "HTTP/1.1" or "keep-alive" in connection)
            await asyncio.sleep(delay)
            name = target.split("?", 1)[0].rpartition("/")[2]
            body = cache.get(name)
            if body is None and target.startswith("/delay/") and name and name[0] != ".":
                try:
                    with open(os.path.join(root, name), "rb") as f:
                        body = cache.setdefault(name, f.read())
                except OSError:
                    body = None
            if body is None:
                writer.write(response(404, "Not Found", 0, keep_alive))
            else:
                writer.write(response(200, "OK", len(body), keep_alive))
                if method != "HEAD":
                    writer.write(body)
            await writer.drain()
            if not keep_alive:
                return
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    cache = {}
    server = await asyncio.start_server(
        lambda r, w: serve_connection(r, w, args.root, args.delay, cache),
        "127.0.0.1", args.port, limit=MAX_HEADER_BYTES, backlog=512)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
