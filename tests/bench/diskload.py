#!/usr/bin/env python3
"""Another program writing to the disk: the busy-disk workloads run a tool while this runs.

Like `dd if=/dev/zero of=FILE bs=1M count=N conv=fdatasync` in a loop (a compiler writing
objects, a browser cache, a backup): it truncates FILE, writes BURST MiB of zeros to it in 1 MiB
writes, waits for them with fdatasync, and starts over, so the file system always holds up to
BURST MiB of someone else's dirty data while never growing past BURST MiB on disk.

Prints "READY" once the first MiB is written; on SIGTERM or SIGINT it removes FILE and prints
"WROTE <bytes> <seconds>" (everything written since it started) before it exits.
"""

import argparse
import os
import signal
import sys
import time

BLOCK = 1024 * 1024


class Stop(Exception):
    pass


def stop(_signum, _frame):
    raise Stop()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--file", required=True, help="the file to write (removed at the end)")
    p.add_argument("--burst-mib", type=int, default=512,
                   help="MiB written between two fdatasync calls (default 512)")
    args = p.parse_args()
    if args.burst_mib < 1:
        p.error("--burst-mib must be at least 1")
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    block = bytes(BLOCK)
    written = 0
    start = time.monotonic()
    fd = -1
    try:
        ready = False
        while True:
            fd = os.open(args.file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            for _ in range(args.burst_mib):
                written += os.write(fd, block)
                if not ready:
                    print("READY", flush=True)
                    ready = True
            os.fdatasync(fd)
            os.close(fd)
            fd = -1
    except Stop:
        pass
    finally:
        if fd >= 0:
            os.close(fd)
        try:
            os.remove(args.file)
        except OSError:
            pass
    print(f"WROTE {written} {time.monotonic() - start:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
