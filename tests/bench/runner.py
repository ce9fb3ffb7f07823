"""Runs one tool once on one workload and checks every downloaded byte.

Wall time is measured around the child from start to exit; CPU time (user + sys) comes from
os.wait4's rusage for that child (its threads and waited-for helpers included). Peak RSS comes from
GNU time wrapped around the tool: a child forked from this Python process would otherwise report
Python's own high-water mark (Linux carries it across exec), which hides anything smaller.
A run is ok only when the tool exited 0 and the folder holds exactly the expected files, each
with the expected SHA-256.

A counting run (count_to) runs the tool under `strace -c -f` instead of GNU time; its times are
not measurements. A busy-disk workload runs diskload.py beside the tool, from just before the
tool starts until it has exited.
"""

import dataclasses
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HASH_BLOCK = 4 * 1024 * 1024
TIME = "/usr/bin/time"
STRACE = "/usr/bin/strace"


@dataclasses.dataclass
class Run:
    workload: str
    tool: str
    warmup: bool
    wall_s: float
    user_s: float
    sys_s: float
    maxrss_kib: int
    exit_code: int
    ok: bool
    problem: str = ""
    report: dict = dataclasses.field(default_factory=dict)  # gather_uibench's JSON line
    # {"HTTP/2.0 TLSv1.3": requests} from the TLS servers' log during this run
    protocols: dict = dataclasses.field(default_factory=dict)
    busy_bytes: int = 0  # what the other process wrote during a busy-disk run
    busy_s: float = 0.0

    @property
    def cpu_s(self):
        return self.user_s + self.sys_s


def sha256_of(path):
    digest = hashlib.sha256()
    buffer = bytearray(HASH_BLOCK)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as f:
        while True:
            n = f.readinto(buffer)
            if not n:
                break
            digest.update(view[:n])
    return digest.hexdigest()


def verify(dest, expected):
    """Returns "" when dest holds exactly the expected {name: sha256}, else what is wrong."""
    found = set()
    for folder, _, files in os.walk(dest):
        for name in files:
            found.add(os.path.relpath(os.path.join(folder, name), dest))
    missing = sorted(set(expected) - found)
    extra = sorted(found - set(expected))
    wrong = sorted(n for n in set(expected) & found
                   if sha256_of(os.path.join(dest, n)) != expected[n])
    problems = []
    for what, names in (("missing", missing), ("wrong SHA-256", wrong), ("unexpected", extra)):
        if names:
            shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
            problems.append(f"{len(names)} {what} ({shown})")
    return "; ".join(problems)


class DiskLoad:
    """diskload.py in a process of its own, writing next to the download folder."""

    def __init__(self, folder, burst_mib):
        self._path = os.path.join(folder, "busy-writer.tmp")
        self._burst_mib = burst_mib
        self._process = None

    def start(self):
        self._process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "diskload.py"), "--file", self._path,
             "--burst-mib", str(self._burst_mib)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True, start_new_session=True)
        if self._process.stdout.readline().strip() != "READY":
            self.stop()
            raise RuntimeError("tests/bench/diskload.py did not start writing")

    def stop(self):
        """Ends the writer, removes its file; returns (bytes written, seconds it ran)."""
        if self._process is None:
            return 0, 0.0
        self._process.terminate()
        try:
            out, _ = self._process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            kill_group(self._process.pid)
            out, _ = self._process.communicate()
        self._process = None
        try:
            os.remove(self._path)
        except OSError:
            pass
        fields = (out.split("WROTE", 1)[1].split() if "WROTE" in out else [])
        if len(fields) != 2:
            return 0, 0.0
        return int(fields[0]), float(fields[1])


def run_once(tool, workload, lists, dest, expected, log_dir, warmup, timeout_s,
             servers=None, count_to=None, busy_burst_mib=0):
    """Downloads workload with tool into the empty folder dest, then checks and deletes it.

    servers: whose TLS log says which protocol the run used; count_to: run under strace -c and
    write its table there; busy_burst_mib: the busy-disk writer's burst (busy workloads)."""
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    os.makedirs(log_dir, exist_ok=True)
    out_path = os.path.join(log_dir, "last.out")
    err_path = os.path.join(log_dir, "last.err")
    rss_path = os.path.join(log_dir, "last.rss")
    command = tool.command(workload, lists, dest)
    if count_to:
        command = [STRACE, "-c", "-f", "-o", count_to, "--", *command]
    else:
        command = [TIME, "-f", "%M", "-o", rss_path, *command]
    log_offset = servers.access_log_size() if servers else 0
    load = DiskLoad(os.path.dirname(dest), busy_burst_mib) if workload.busy else None
    if load:
        load.start()
    try:
        status, usage, wall = run_process(command, tool.env(), out_path, err_path, timeout_s)
    finally:
        busy_bytes, busy_s = load.stop() if load else (0, 0.0)
    exit_code = os.waitstatus_to_exitcode(status)
    maxrss_kib = 0 if count_to else read_rss(rss_path)

    problem = verify(dest, expected)
    if exit_code != 0:
        reason = f"killed after {timeout_s:.0f} s" if wall >= timeout_s else f"exit {exit_code}"
        problem = reason + ("; " + problem if problem else "")
    report = {}
    if tool.key.startswith("gather-window"):
        report = parse_json_line(out_path)
        if report.get("ok") is not True:
            problem = "gather_uibench did not report ok" + ("; " + problem if problem else "")
    run = Run(workload.key, tool.key, warmup, wall, usage.ru_utime, usage.ru_stime,
              maxrss_kib, exit_code, not problem, problem, report)
    run.busy_bytes, run.busy_s = busy_bytes, busy_s
    if problem:
        kept = unused_name(os.path.join(log_dir, f"failed-{workload.key}-{tool.key}"))
        os.replace(out_path, kept + ".out")
        os.replace(err_path, kept + ".err")
    shutil.rmtree(dest, ignore_errors=True)
    # Write back what the run left dirty now, so that it does not slow the next tool's run.
    os.sync()
    # Read last: nginx logs a request after its last byte went out, which can be a moment after
    # the tool has that byte; checking the files has given it that moment.
    if servers and workload.tls:
        run.protocols = servers.protocols_since(log_offset)
    return run


def run_process(command, env, out_path, err_path, timeout_s):
    """Runs command to its end or timeout_s; returns its wait status, rusage and wall time."""
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        # A session of its own, so a timeout or Ctrl-C ends the tool and all its helpers.
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   env=env, start_new_session=True)
        timer = threading.Timer(timeout_s, kill_group, (process.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            kill_group(process.pid)
            process.wait()
            raise
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        return status, usage, time.monotonic() - start


def unused_name(stem):
    n = 1
    while os.path.exists(f"{stem}-{n}.out"):
        n += 1
    return f"{stem}-{n}"


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def read_rss(path):
    """GNU time's %M (KiB); its file starts with "Command exited with non-zero status" and the
    like when the tool failed, so the number is the last line."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split()
        return int(lines[-1]) if lines and lines[-1].isdigit() else 0
    except OSError:
        return 0


def parse_json_line(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [line for line in f.read().splitlines() if line.strip().startswith("{")]
        return json.loads(lines[-1]) if lines else {}
    except (OSError, ValueError):
        return {}
