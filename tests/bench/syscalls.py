"""System-call counts from `strace -c -f`: a figure a noisy machine does not move.

Counting runs are separate from the timed ones (ptrace stops the tool at every call, so a
counted run is several times slower). Counts are grouped so that tools which use different
calls for the same job compare: curl receives with recvfrom() on plain HTTP and read() over TLS,
aria2 waits in epoll_wait, Qt in poll/ppoll; Gather's cross-thread wake-ups are write()s to an
eventfd, so they land in the write group, not in pwrite (which is Gather's file data).
"""

import dataclasses

from workloads import GiB

# Report columns: (name, the calls it adds up). "write" is not the file data for Gather (pwrite).
GROUPS = [
    ("write", ("write", "writev", "sendto", "sendmsg", "sendmmsg")),
    ("read", ("read", "readv", "recvfrom", "recvmsg", "recvmmsg")),
    ("poll", ("poll", "ppoll", "epoll_wait", "epoll_pwait", "epoll_pwait2", "select",
              "pselect6")),
    ("futex", ("futex",)),
    ("pwrite", ("pwrite64", "pwritev", "pwritev2")),
    ("fsync", ("fsync", "fdatasync", "sync_file_range")),
    ("syncfs", ("syncfs",)),
]
TOP = 3


@dataclasses.dataclass
class Counts:
    calls: dict  # syscall name -> calls, every thread and child process together
    problem: str = ""  # why there are no counts (the counting run failed), or ""

    @property
    def total(self):
        return sum(self.calls.values())

    def group(self, name):
        members = dict(GROUPS)[name]
        return sum(self.calls.get(call, 0) for call in members)

    def top(self, n=TOP):
        ranked = sorted(self.calls.items(), key=lambda item: (-item[1], item[0]))
        return ranked[:n]

    def per_file(self, workload):
        return self.total / workload.count if self.calls else None

    def per_gib(self, workload):
        return self.total / (workload.total_bytes / GiB) if self.calls else None


def parse(text):
    """{syscall: calls} from strace -c's table; the "total" row is recomputed, not trusted."""
    calls = {}
    for line in text.splitlines():
        fields = line.split()
        # % time, seconds, usecs/call, calls, [errors,] syscall
        if len(fields) < 5 or fields[-1] == "total" or not fields[0][0].isdigit():
            continue
        try:
            float(fields[0])
            count = int(fields[3])
        except ValueError:
            continue
        calls[fields[-1]] = calls.get(fields[-1], 0) + count
    return calls


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            calls = parse(f.read())
    except OSError as error:
        return Counts({}, f"no strace output ({error.strerror})")
    return Counts(calls, "" if calls else "strace wrote no counts")
