#!/usr/bin/env python3
"""The benchmark's own machinery, checked on real servers and processes (CTest runs it):
the TLS servers and their protocol log, the busy-disk writer, the strace counting run."""

import sys

sys.dont_write_bytecode = True

import hashlib  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import unittest  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import runner  # noqa: E402
import servers  # noqa: E402
import syscalls  # noqa: E402
import tools  # noqa: E402
import workloads as wl  # noqa: E402

# strace 6.1's table, with an errors column on some rows and its own total row.
STRACE_TABLE = """\
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 59.00    0.002184         156        14           poll
  5.40    0.000200          40         5         4 connect
  1.65    0.000061           1        47           read
  1.00    0.000037          18         2           recvfrom
  0.54    0.000020           0        69        16 openat
  0.00    0.000000           0         3           pwrite64
------ ----------- ----------- --------- --------- ----------------
100.00    0.003702           6       140        20 total
"""


def missing(*programs):
    return [p for p in programs if not (shutil.which(p) or os.access(p, os.X_OK))]


class SyscallTable(unittest.TestCase):
    def test_rows_and_groups(self):
        counts = syscalls.Counts(syscalls.parse(STRACE_TABLE))
        self.assertEqual(counts.calls, {"poll": 14, "connect": 5, "read": 47, "recvfrom": 2,
                                        "openat": 69, "pwrite64": 3})
        self.assertEqual(counts.total, 140)
        self.assertEqual(counts.group("read"), 49)
        self.assertEqual(counts.group("pwrite"), 3)
        self.assertEqual(counts.top(2), [("openat", 69), ("read", 47)])
        w = wl.Workload("t", "t", "t", "/t/", 4, wl.GiB // 8, 1)
        self.assertEqual(counts.per_file(w), 35)
        self.assertEqual(counts.per_gib(w), 280)

    def test_missing_output_is_a_problem_not_zero(self):
        counts = syscalls.read(os.path.join(tempfile.gettempdir(), "no-such-strace-output"))
        self.assertTrue(counts.problem)
        self.assertIsNone(counts.per_file(wl.Workload("t", "t", "t", "/t/", 1, 1, 1)))


class Workloads(unittest.TestCase):
    def test_variants_reuse_the_plain_files(self):
        for quick in (True, False):
            every = {w.key: w for w in wl.workloads(quick)}
            self.assertEqual(len(every), len(wl.workloads(quick)), "keys must be unique")
            pairs = [("https-many-small", "many-small"), ("h2-many-small", "many-small"),
                     ("https-several-large", "several-large"),
                     ("https-one-huge", "one-huge"), ("busy-many-small", "many-small"),
                     ("busy-one-huge", "one-huge")]
            for key, plain in pairs:
                a, b = every[key], every[plain]
                self.assertTrue(a.tls)
                self.assertEqual((a.folder, a.count, a.size, a.concurrency),
                                 (b.folder, b.count, b.size, b.concurrency))
            for w in every.values():
                if w.busy:
                    self.assertIn(w.quiet_key, every)
                    self.assertFalse(every[w.quiet_key].busy)


@unittest.skipIf(servers.find_nginx() is None or missing("openssl", "curl"),
                 "needs nginx, openssl and curl")
class TlsServers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="gather-bench-test-")
        cls.cache = wl.FileCache(os.path.join(cls.folder, "cache"))
        cls.small = wl.Workload("s", "s", "small", "/small/", 3, 40 * wl.KiB, 2,
                                transport="https")
        cls.expected = cls.cache.ensure(cls.small, lambda _: None)
        cls.srv = servers.Servers(cls.cache.root, 1.0)
        cls.srv.start()

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def fetch(self, port, *extra):
        name = self.small.names()[0]
        done = subprocess.run(["curl", "-q", "--silent", "--show-error", "--fail", *extra,
                               "-w", "%{http_version}", "-o", "-", "--stderr", os.devnull,
                               f"https://127.0.0.1:{port}/small/{name}"],
                              capture_output=True, timeout=30)
        return done.returncode, done.stdout

    def test_each_port_serves_its_protocol_and_logs_it(self):
        name = self.small.names()[0]
        for port, version, logged in ((self.srv.tls_port, b"1.1", "HTTP/1.1"),
                                      (self.srv.h2_port, b"2", "HTTP/2.0")):
            offset = self.srv.access_log_size()
            code, out = self.fetch(port, "--cacert", self.srv.ca_certificate)
            self.assertEqual(code, 0)
            body, got = out[:self.small.size], out[self.small.size:]
            self.assertEqual(hashlib.sha256(body).hexdigest(), self.expected[name])
            self.assertEqual(got, version)
            deadline = time.monotonic() + 5
            while not self.srv.protocols_since(offset) and time.monotonic() < deadline:
                time.sleep(0.02)
            (label, requests), = self.srv.protocols_since(offset).items()
            self.assertEqual((label.split()[0], requests), (logged, 1))

    def test_certificate_is_checked(self):
        code, _ = self.fetch(self.srv.tls_port)  # no --cacert: the system's CAs do not know it
        self.assertEqual(code, 60)  # curl: peer certificate cannot be authenticated

    @unittest.skipIf(missing(runner.STRACE), "needs strace")
    def test_counting_run_checks_the_files_and_counts_reads(self):
        lists = tools.write_lists(os.path.join(self.folder, "lists"), self.small,
                                  self.srv.url_for(self.small), self.srv.ca_certificate)
        table = os.path.join(self.folder, "strace.txt")
        run = runner.run_once(tools.Curl(shutil.which("curl")), self.small, lists,
                              os.path.join(self.folder, "download"), self.expected,
                              os.path.join(self.folder, "logs"), True, 60, servers=self.srv,
                              count_to=table)
        self.assertTrue(run.ok, run.problem)
        counts = syscalls.read(table)
        self.assertEqual(counts.problem, "")
        # The body comes in 16 KiB TLS records, at least one read each.
        records = 3 * -(-self.small.size // (16 * wl.KiB))
        self.assertGreaterEqual(counts.group("read"), records)
        self.assertEqual([(label.split()[0], n) for label, n in run.protocols.items()],
                         [("HTTP/1.1", 3)])


class BusyDisk(unittest.TestCase):
    def test_writer_writes_then_removes_its_file(self):
        folder = tempfile.mkdtemp(prefix="gather-bench-test-")
        try:
            load = runner.DiskLoad(folder, 4)
            load.start()
            path = os.path.join(folder, "busy-writer.tmp")
            self.assertTrue(os.path.exists(path))
            written, seconds = load.stop()
            self.assertGreaterEqual(written, wl.MiB)
            self.assertGreater(seconds, 0)
            self.assertEqual(os.listdir(folder), [])
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
