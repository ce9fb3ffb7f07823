"""The loopback servers the benchmark downloads from: nginx, and the slow-answers server.

Slow answers ("the server waits 1 s before answering") come from nginx itself when its echo
module is there (Debian's nginx-light depends on libnginx-mod-http-echo): `echo_sleep` waits
without blocking the worker, then `echo_exec` hands the request to a named location that serves
the static file, so the answer has Content-Length and keep-alive like any other. Without the
module, delayserver.py (asyncio, standard library) serves the same files with the same delay.

The same nginx serves the files over TLS on two more ports, with a certificate made at start
(tlscerts.py): one offers HTTP/1.1 only, the other HTTP/2 as well. Both log each request's
protocol to tls-access.log; protocols_since() reads what a run added.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import tlscerts

HERE = os.path.dirname(os.path.abspath(__file__))
ECHO_MODULE_DIRS = ["/usr/lib/nginx/modules", "/usr/share/nginx/modules"]
START_ATTEMPTS = 3
READY_TIMEOUT_S = 15.0


def find_nginx():
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)


def find_echo_module():
    for folder in ECHO_MODULE_DIRS:
        path = os.path.join(folder, "ngx_http_echo_module.so")
        if os.path.exists(path):
            return path
    return None


def free_ports(count):
    """count different free ports (all bound at once, so none repeats)."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def wait_until_listening(process, ports):
    deadline = time.monotonic() + READY_TIMEOUT_S
    waiting = list(ports)
    while waiting and time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", waiting[0]), timeout=0.25):
                waiting.pop(0)
        except OSError:
            time.sleep(0.05)
    return not waiting


def stop_process(process):
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


class Servers:
    """Starts nginx (and, if needed, the Python slow-answers server); stop() ends both."""

    def __init__(self, root, delay_s, delay_server="auto"):
        self.root = os.path.abspath(root)
        self.delay_s = delay_s
        self.nginx = find_nginx()
        echo = find_echo_module()
        if delay_server == "nginx" and not echo:
            raise RuntimeError("nginx's echo module (libnginx-mod-http-echo) is not installed")
        self._echo_module = echo if delay_server in ("auto", "nginx") else None
        self._delay_reason = "chosen with --delay-server python" if echo else \
            "nginx's echo module is missing"
        self._prefix = tempfile.mkdtemp(prefix="gather-bench-nginx-")
        self._nginx_process = None
        self._delay_process = None
        self.port = 0
        self.tls_port = 0
        self.h2_port = 0
        self.delay_port = 0
        self.ca_certificate = ""

    @property
    def delay_kind(self):
        if self._echo_module:
            return "nginx + echo module (echo_sleep, then the static file)"
        return f"tests/bench/delayserver.py (Python asyncio; {self._delay_reason})"

    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def delay_base_url(self):
        return f"http://127.0.0.1:{self.delay_port}"

    def url_for(self, workload):
        if workload.delay_s:
            return self.delay_base_url()
        if workload.transport == "https":
            return f"https://127.0.0.1:{self.tls_port}"
        if workload.transport == "h2":
            return f"https://127.0.0.1:{self.h2_port}"
        return self.base_url()

    def access_log_size(self):
        try:
            return os.path.getsize(os.path.join(self._prefix, "tls-access.log"))
        except OSError:
            return 0

    def protocols_since(self, offset):
        """{"HTTP/2.0 TLSv1.3": requests, ...} the TLS servers logged after offset (bytes)."""
        counts = {}
        try:
            with open(os.path.join(self._prefix, "tls-access.log"), "rb") as f:
                f.seek(offset)
                for line in f.read().decode("ascii", "replace").splitlines():
                    if line.strip():
                        counts[line.strip()] = counts.get(line.strip(), 0) + 1
        except OSError:
            pass
        return counts

    def start(self):
        if not self.nginx:
            raise RuntimeError("nginx not found (scripts/bench installs nginx-light)")
        os.makedirs(os.path.join(self._prefix, "temp"), exist_ok=True)
        self.ca_certificate = tlscerts.make(os.path.join(self._prefix, "tls"))["ca"]
        for _ in range(START_ATTEMPTS):
            self.port, self.tls_port, self.h2_port = free_ports(3)
            self._write_config()
            if self._launch_nginx():
                break
            if "Address already in use" not in self.error_log():
                raise RuntimeError("nginx did not start:\n" + self.error_log())
        else:
            raise RuntimeError("nginx did not start:\n" + self.error_log())
        if self._echo_module:
            self.delay_port = self.port
        else:
            self._start_delay_server()

    def stop(self):
        stop_process(self._delay_process)
        stop_process(self._nginx_process)
        self._delay_process = self._nginx_process = None
        shutil.rmtree(self._prefix, ignore_errors=True)

    def error_log(self):
        try:
            with open(os.path.join(self._prefix, "error.log"), encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def _write_config(self):
        with open(os.path.join(HERE, "nginx.conf.in"), encoding="utf-8") as f:
            text = f.read()
        delay_locations = ""
        modules = ""
        if self._echo_module:
            modules = f'load_module "{self._echo_module}";'
            delay_locations = (
                "        # Workload \"slow answers\": wait, then serve /answers/NAME.\n"
                "        location /delay/ {\n"
                f"            echo_sleep {self.delay_s:g};\n"
                "            echo_exec @answer;\n"
                "        }\n"
                "        location @answer {\n"
                "            rewrite ^/delay/(.*)$ /answers/$1 break;\n"
                "        }\n")
        for name, value in (("@LOAD_MODULES@", modules), ("@PREFIX@", self._prefix),
                            ("@PORT@", str(self.port)), ("@ROOT@", self.root),
                            ("@TLS_PORT@", str(self.tls_port)),
                            ("@H2_PORT@", str(self.h2_port)),
                            ("@DELAY_LOCATIONS@", delay_locations)):
            text = text.replace(name, value)
        with open(os.path.join(self._prefix, "nginx.conf"), "w", encoding="utf-8") as f:
            f.write(text)

    def _launch_nginx(self):
        try:
            os.remove(os.path.join(self._prefix, "error.log"))
        except OSError:
            pass
        self._nginx_process = subprocess.Popen(
            [self.nginx, "-p", self._prefix + "/", "-c", os.path.join(self._prefix, "nginx.conf"),
             "-e", os.path.join(self._prefix, "error.log")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if wait_until_listening(self._nginx_process, [self.port, self.tls_port, self.h2_port]):
            return True
        stop_process(self._nginx_process)
        self._nginx_process = None
        return False

    def _start_delay_server(self):
        self._delay_process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "delayserver.py"), "--root",
             os.path.join(self.root, "answers"), "--delay", str(self.delay_s)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)
        line = self._delay_process.stdout.readline().split()
        if len(line) != 2 or line[0] != "PORT":
            stop_process(self._delay_process)
            raise RuntimeError("tests/bench/delayserver.py did not start")
        self.delay_port = int(line[1])
