"""The benchmark's workloads and the deterministic files they download.

Files are generated once into a cache folder and described by a manifest (size, SHA-256, mtime),
so later runs reuse them without hashing gigabytes again. Content comes from a seeded generator:
the same workload always yields the same bytes, on any machine.
"""

import dataclasses
import hashlib
import json
import os
import random

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB

# Bump when the way content is generated changes, so old caches are regenerated.
GENERATOR_VERSION = 1
CHUNK = 1 * MiB


@dataclasses.dataclass(frozen=True)
class Workload:
    key: str            # the name --only takes
    title: str
    folder: str         # where the files live under the document root
    url_prefix: str     # the path the tools request (differs from folder for delayed answers)
    count: int
    size: int
    concurrency: int
    delay_s: float = 0.0  # the server waits this long before answering each request
    best_for_one_file: bool = False  # peers use their multi-connection settings
    # "http" (plain), "https" (TLS, the server offers HTTP/1.1 only) or "h2" (TLS, the server
    # offers HTTP/2 and HTTP/1.1 by ALPN; each tool takes what it asks for).
    transport: str = "http"
    quiet_key: str = ""  # set on a busy-disk variant: the same workload without the writer

    def names(self):
        width = max(4, len(str(self.count)))
        return [f"f{i:0{width}d}.bin" for i in range(self.count)]

    @property
    def total_bytes(self):
        return self.count * self.size

    @property
    def tls(self):
        return self.transport in ("https", "h2")

    @property
    def busy(self):
        return bool(self.quiet_key)

    def describe(self):
        text = f"{self.count} × {human_size(self.size)}, {self.concurrency} at a time"
        if self.delay_s:
            text += f", server waits {self.delay_s:g} s per request"
        if self.best_for_one_file:
            text += ", nginx limit_rate 4m, each tool's best settings for one file"
        if self.transport == "https":
            text += ", HTTPS (server offers HTTP/1.1 only)"
        elif self.transport == "h2":
            text += ", HTTPS (server offers HTTP/2 and HTTP/1.1)"
        if self.busy:
            text += ", another process writing to the same file system meanwhile"
        return text


def human_size(size):
    for unit, factor in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} B"


def workloads(quick):
    """Every workload in report order; --quick shrinks them to a one-minute smoke run."""
    plain = _plain_workloads(quick)
    return plain + _user_workloads({w.key: w for w in plain})


def _plain_workloads(quick):
    if quick:
        return [
            Workload("many-small", "many small", "small", "/small/", 200, 100 * KiB, 16),
            Workload("several-large", "several large", "large", "/large/", 2, 16 * MiB, 16),
            Workload("one-huge", "one huge", "huge", "/huge/", 1, 128 * MiB, 1),
            Workload("slow-server", "slow server", "throttled", "/throttled/", 1, 32 * MiB, 1,
                     best_for_one_file=True),
            Workload("slow-answers", "slow answers", "answers", "/delay/", 40, 16 * KiB, 10,
                     delay_s=1.0),
        ]
    return [
        Workload("many-small", "many small", "small", "/small/", 2000, 100 * KiB, 16),
        Workload("several-large", "several large", "large", "/large/", 16, 64 * MiB, 16),
        Workload("one-huge", "one huge", "huge", "/huge/", 1, 1 * GiB, 1),
        Workload("slow-server", "slow server", "throttled", "/throttled/", 1, 256 * MiB, 1,
                 best_for_one_file=True),
        Workload("slow-answers", "slow answers", "answers", "/delay/", 200, 16 * KiB, 50,
                 delay_s=1.0),
    ]


def _user_workloads(plain):
    """Where users live (issue 17): the same files over HTTPS, and with a busy disk."""
    def variant(base, key, title, transport, quiet_key=""):
        return dataclasses.replace(plain[base], key=key, title=title, transport=transport,
                                   quiet_key=quiet_key)
    return [
        variant("many-small", "https-many-small", "HTTPS many small", "https"),
        variant("many-small", "h2-many-small", "HTTP/2 many small", "h2"),
        variant("several-large", "https-several-large", "HTTPS several large", "https"),
        variant("one-huge", "https-one-huge", "HTTPS one huge", "https"),
        variant("many-small", "busy-many-small", "busy-disk HTTPS many small", "https",
                quiet_key="https-many-small"),
        variant("one-huge", "busy-one-huge", "busy-disk HTTPS one huge", "https",
                quiet_key="https-one-huge"),
    ]


def _write_file(path, relative, size):
    """Writes size seeded bytes to path and returns their SHA-256."""
    rng = random.Random(f"gather-bench/{GENERATOR_VERSION}/{relative}/{size}")
    digest = hashlib.sha256()
    temporary = path + ".tmp"
    with open(temporary, "wb") as out:
        remaining = size
        while remaining > 0:
            block = rng.randbytes(min(CHUNK, remaining))
            out.write(block)
            digest.update(block)
            remaining -= len(block)
    os.replace(temporary, path)
    return digest.hexdigest()


class FileCache:
    """The document root nginx serves, with the SHA-256 of every file in it."""

    def __init__(self, folder):
        self.root = os.path.join(folder, "www")
        self._manifest_path = os.path.join(folder, "manifest.json")
        self._manifest = {}
        try:
            with open(self._manifest_path, encoding="utf-8") as f:
                data = json.load(f)
            if data.get("generator") == GENERATOR_VERSION:
                self._manifest = data.get("files", {})
        except (OSError, ValueError):
            pass

    def _fresh(self, relative, size):
        entry = self._manifest.get(relative)
        if not entry or entry["size"] != size:
            return False
        try:
            st = os.stat(os.path.join(self.root, relative))
        except OSError:
            return False
        return st.st_size == size and st.st_mtime_ns == entry["mtime_ns"]

    def ensure(self, workload, log):
        """Generates whatever of workload's files is missing or stale; returns {name: sha256}."""
        folder = os.path.join(self.root, workload.folder)
        os.makedirs(folder, exist_ok=True)
        hashes = {}
        generated = 0
        for name in workload.names():
            relative = f"{workload.folder}/{name}"
            if not self._fresh(relative, workload.size):
                path = os.path.join(self.root, relative)
                sha = _write_file(path, relative, workload.size)
                self._manifest[relative] = {"size": workload.size, "sha256": sha,
                                            "mtime_ns": os.stat(path).st_mtime_ns}
                generated += 1
            hashes[name] = self._manifest[relative]["sha256"]
        if generated:
            log(f"generated {generated} file(s) for {workload.key} in {folder}")
            self._save()
        return hashes

    def path(self, workload, name):
        return os.path.join(self.root, workload.folder, name)

    def _save(self):
        temporary = self._manifest_path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump({"generator": GENERATOR_VERSION, "files": self._manifest}, f)
        os.replace(temporary, self._manifest_path)
