"""The downloaders under test and the command line each one gets for a workload.

Every tool gets the same concurrency as Gather (`curl --parallel --parallel-max N`,
`wget2 --max-threads N`, `aria2c -j N`, `gather -j N`), its own configuration files ignored, and
the same URL list. For the "slow server" workload each uses its best settings for one file:
aria2 and wget2 split the file into 16 ranges on 16 connections, curl has one, Gather uses its
multi-connection option when its --help lists one.

wget2 gets a chunk size of 1/16 of the file, like aria2's 16 segments, not something small like
1 MiB: nginx's limit_rate lets every request send its first second's worth (4 MiB) at full
speed, so small chunks, each its own request, would never be throttled at all. (wget2 1.99.1
fetches the chunks of one file one after another on one connection.)
"""

import os
import re
import shutil
import subprocess

# Option names Gather may give its per-file connection count; the first one --help lists is used.
GATHER_SPLIT_OPTIONS = ["--split", "--connections-per-download", "--max-connections-per-download",
                        "--connections", "--segments"]
BEST_CONNECTIONS = 16


def first_line(command):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unavailable ({error})"
    text = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return text[0].strip() if text else "unknown"


class Tool:
    key = ""
    label = ""

    def __init__(self, executable):
        self.executable = executable

    def available(self):
        return bool(self.executable) and os.access(self.executable, os.X_OK)

    def env(self):
        return None

    def input_file(self, lists):
        return lists["urls"]


class Curl(Tool):
    key, label = "curl", "curl"

    def version(self):
        return first_line([self.executable, "-V"])

    def input_file(self, lists):
        return lists["curl"]

    def command(self, workload, lists, dest):
        tls = ["--cacert", lists["ca"]] if workload.tls else []
        return [self.executable, "-q", "--parallel", "--parallel-immediate",
                "--parallel-max", str(workload.concurrency), "--fail", "--silent", "--show-error",
                *tls, "--config", lists["curl"], "--output-dir", dest]


class Wget2(Tool):
    key, label = "wget2", "wget2"

    def version(self):
        return first_line([self.executable, "--version"])

    def command(self, workload, lists, dest):
        threads = workload.concurrency
        split = []
        if workload.best_for_one_file:
            threads = BEST_CONNECTIONS
            chunk = -(-workload.size // BEST_CONNECTIONS)
            split = ["--chunk-size", str(chunk)]
        tls = ["--ca-certificate", lists["ca"]] if workload.tls else []
        return [self.executable, "--no-config", "--quiet", "--max-threads", str(threads), *split,
                *tls, "--input-file", lists["urls"], "--directory-prefix", dest]


class Aria2(Tool):
    key, label = "aria2", "aria2c"

    def version(self):
        return first_line([self.executable, "-v"])

    def command(self, workload, lists, dest):
        split = ["-x1", "-s1"]
        if workload.best_for_one_file:
            split = [f"-x{BEST_CONNECTIONS}", f"-s{BEST_CONNECTIONS}", "-k1M"]
        tls = [f"--ca-certificate={lists['ca']}"] if workload.tls else []
        return [self.executable, "--no-conf=true", "--quiet=true", "-j", str(workload.concurrency),
                *split, *tls, "--file-allocation=none", "--auto-file-renaming=false",
                "--summary-interval=0", "--input-file", lists["urls"], "--dir", dest]


class Gather(Tool):
    key, label = "gather", "gather"

    def __init__(self, executable, split_args=None):
        super().__init__(executable)
        help_text = ""
        if self.available():
            help_text = subprocess.run([executable, "--help"], capture_output=True, text=True,
                                       timeout=30).stdout
        cap = re.search(r"--max-per-host\b[^\n]*\n?[^\n]*?\(1-(\d+)", help_text)
        self.max_per_host_cap = int(cap.group(1)) if cap else None
        self.trusts_ca_file = re.search(r"--ca-certificate\b", help_text) is not None
        if split_args is not None:
            self.split_args = split_args
        else:
            option = next((o for o in GATHER_SPLIT_OPTIONS
                           if re.search(re.escape(o) + r"\b", help_text)), None)
            self.split_args = [option, str(BEST_CONNECTIONS)] if option else []

    def version(self):
        return first_line([self.executable, "--version"])

    def env(self):
        return dict(os.environ, QT_QPA_PLATFORM="offscreen")

    def per_host(self, workload):
        wanted = workload.concurrency
        if workload.best_for_one_file and self.split_args:
            wanted = BEST_CONNECTIONS
        if self.max_per_host_cap:
            return min(wanted, self.max_per_host_cap)
        return wanted

    def command(self, workload, lists, dest):
        extra = self.split_args if workload.best_for_one_file else []
        if workload.tls:
            extra = [*extra, "--ca-certificate", lists["ca"]]
        return [self.executable, "--headless", "--quiet", "--input-file", lists["urls"],
                "--dir", dest, "-j", str(workload.concurrency), "--max-per-host",
                str(self.per_host(workload)), *extra]


class GatherWindow(Tool):
    """The same download through Gather's window (offscreen), timed by gather_uibench. The window
    runs Qt's own event dispatcher unless Qt would load its GTK 3 theme, when it keeps GLib's;
    glib=True measures that case (QT_NO_GLIB set empty, which Gather leaves alone)."""

    def __init__(self, executable, gather, glib=False):
        super().__init__(executable)
        self._gather = gather
        self._glib = glib
        self.key = "gather-window-glib" if glib else "gather-window"
        self.label = "gather (window, GLib loop)" if glib else "gather (window)"

    def version(self):
        return "gather_uibench"

    def env(self):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        env.pop("QT_NO_GLIB", None)
        if self._glib:
            env["QT_NO_GLIB"] = ""
        return env

    def command(self, workload, lists, dest):
        return [self.executable, "--list", lists["urls"], "--dir", dest,
                "-j", str(workload.concurrency),
                "--max-per-host", str(self._gather.per_host(workload))]


def peers():
    return [Curl(shutil.which("curl")), Wget2(shutil.which("wget2")),
            Aria2(shutil.which("aria2c"))]


def write_lists(folder, workload, base_url, ca_certificate=""):
    """The URL list (one per line) and curl's config (url + output pairs) for workload; "ca" is
    the certificate authority the HTTPS servers' certificate comes from."""
    os.makedirs(folder, exist_ok=True)
    urls = [f"{base_url}{workload.url_prefix}{name}" for name in workload.names()]
    paths = {"urls": os.path.join(folder, "urls.txt"), "curl": os.path.join(folder, "curl.conf"),
             "ca": ca_certificate}
    with open(paths["urls"], "w", encoding="utf-8") as f:
        f.write("".join(u + "\n" for u in urls))
    with open(paths["curl"], "w", encoding="utf-8") as f:
        for url, name in zip(urls, workload.names()):
            f.write(f'url = "{url}"\noutput = "{name}"\n')
    return paths
