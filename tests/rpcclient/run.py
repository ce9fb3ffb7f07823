#!/usr/bin/env python3
"""Proof that a daemon speaks aria2's JSON-RPC to a real third-party client.

Runs DAEMON (aria2c, the reference, or gather --headless) with --enable-rpc on a free loopback
port, serves generated files from a loopback HTTP server of its own (one throttled path, with
Range, so a pause lands mid-download and unpause resumes), checks plain HTTP POST /jsonrpc with
curl, drives the daemon over WebSocket with the `aria2` package from the npm registry
(client.mjs), then checks the SHA-256 of every file on disk, what the file server was asked, and
that aria2.shutdown made the daemon exit with 0.

    tests/rpcclient/run.py --daemon aria2c
    tests/rpcclient/run.py --daemon build/app/gather --work build/tests/rpcclient

Python 3 standard library only; needs node, npm (the first run fetches the locked packages into
--work, later runs reuse them) and curl. Exits 0 when every check passes, 1 on the first failure.
"""

import argparse
import hashlib
import http.server
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOOPBACK = "127.0.0.1"
SLOW_CHUNK = 4096
SLOW_INTERVAL = 0.05  # 80 KiB/s on the first request for a /slow/ file: a pause lands mid-way


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)
    print(f"ok   run.py: {message}", flush=True)


class FileServer(http.server.ThreadingHTTPServer):
    """Serves FILES at /files/NAME and, throttled, at /slow/NAME; logs every request."""

    daemon_threads = True

    def __init__(self, files):
        super().__init__((LOOPBACK, 0), FileHandler)
        self.files = files  # name -> bytes
        self.log = []  # (method, path, headers as a dict with lower-case names)
        self.log_lock = threading.Lock()

    def requests_for(self, path):
        with self.log_lock:
            return [headers for _, logged, headers in self.log if logged == path]


class FileHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass  # the log that matters is self.server.log

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def answer(self, head):
        server = self.server
        with server.log_lock:
            server.log.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
        kind, _, name = self.path.lstrip("/").partition("/")
        data = server.files.get(name) if kind in ("files", "slow") else None
        if data is None:
            self.send_error(404)
            return
        start, end = 0, len(data) - 1
        ranged = self.headers.get("Range", "")
        if ranged.startswith("bytes="):
            first, _, last = ranged[len("bytes="):].partition("-")
            if not first.isdigit() or int(first) >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            start = int(first)
            end = min(int(last), end) if last.isdigit() else end
        self.send_response(206 if ranged else 200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", '"' + hashlib.sha256(data).hexdigest()[:16] + '"')
        self.send_header("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")
        if ranged:
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        if head:
            return
        body = memoryview(data)[start:end + 1]
        # Only a /slow/ download from its first byte trickles; its resumption comes at full speed,
        # so the test stays short and proves the daemon asked for the rest, not for all again.
        slow = kind == "slow" and start == 0
        try:
            if not slow:
                self.wfile.write(body)
                return
            for offset in range(0, len(body), SLOW_CHUNK):
                self.wfile.write(body[offset:offset + SLOW_CHUNK])
                self.wfile.flush()
                time.sleep(SLOW_INTERVAL)
        except (BrokenPipeError, ConnectionResetError):
            pass  # a pause closes the connection


def free_port():
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, deadline):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failure(f"the daemon exited with {process.returncode} before it listened on port {port}")
        try:
            with socket.create_connection((LOOPBACK, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise Failure(f"the daemon did not listen on port {port} in time")


def daemon_argv(daemon, port, secret, directory):
    common = ["--enable-rpc", "--rpc-listen-port", str(port), "--rpc-secret", secret, "-d", str(directory)]
    if Path(daemon).name.startswith("aria2c"):
        # The reference, kept from the user's configuration and quiet.
        return [daemon, *common, "--no-conf", "--rpc-listen-all=false", "--file-allocation=none",
                "--summary-interval=0", "--console-log-level=warn"]
    return [daemon, "--headless", *common]


def clean_environment(home):
    """The environment without proxies (everything is on loopback), with HOME and XDG folders
    under HOME so the daemon reads and writes no store or settings of the user's."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    if home is not None:
        env["HOME"] = str(home)
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[name] = str(home / name.lower())
            (home / name.lower()).mkdir(parents=True, exist_ok=True)
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def prepare_npm(work):
    """Installs the locked packages into WORK once; reruns with the same lock reuse them."""
    work.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json", ".npmrc"):
        shutil.copyfile(HERE / name, work / name)
    lock = hashlib.sha256((HERE / "package-lock.json").read_bytes()).hexdigest()
    stamp = work / "node_modules" / ".gather-lock-sha256"
    if not (stamp.exists() and stamp.read_text() == lock):
        started = time.monotonic()
        npm = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"], cwd=work,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
        if npm.returncode != 0:
            raise Failure(f"npm ci failed in {work}:\n{npm.stdout}")
        stamp.write_text(lock)
        print(f"     run.py: npm ci into {work} took {time.monotonic() - started:.1f} s", flush=True)
    shutil.copyfile(HERE / "client.mjs", work / "client.mjs")


def curl_rpc(port, body, env):
    """POSTs BODY to /jsonrpc with curl; returns (HTTP status, parsed JSON answer)."""
    out = subprocess.run(["curl", "-sS", "--noproxy", "*", "--max-time", "10", "-o", "-",
                          "-w", "\n%{http_code}", "-H", "Content-Type: application/json",
                          "--data-binary", "@-", f"http://{LOOPBACK}:{port}/jsonrpc"],
                         input=body, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         timeout=20, env=env)
    if out.returncode != 0:
        raise Failure(f"curl failed ({out.returncode}): {out.stderr.strip()}")
    text, _, status = out.stdout.rpartition("\n")
    try:
        return int(status), json.loads(text)
    except ValueError as error:
        raise Failure(f"curl: HTTP {status}, an answer that is not JSON ({error}): {text!r}")


def check_plain_http(port, secret, env):
    """One call and the error paths over plain HTTP, with aria2c's HTTP statuses: 200 for a
    result, 400 for a refused or unknown call, 500 for a body that is not JSON."""
    status, answer = curl_rpc(port, json.dumps({"jsonrpc": "2.0", "id": "v1", "method": "aria2.getVersion",
                                                "params": [f"token:{secret}"]}), env)
    version = (answer.get("result") or {}).get("version")
    check(status == 200 and answer.get("id") == "v1" and answer.get("jsonrpc") == "2.0" and isinstance(version, str),
          f"curl POST /jsonrpc aria2.getVersion: HTTP {status}, version {version!r}")

    def error_path(what, body, want_status, want_code, want_id, want_message=None):
        status, answer = curl_rpc(port, body, env)
        error = answer.get("error") or {}
        check(status == want_status and answer.get("id") == want_id and "result" not in answer
              and error.get("code") == want_code and isinstance(error.get("message"), str)
              and want_message in (None, error.get("message")),
              f"curl POST /jsonrpc {what}: HTTP {status}, error {error}")

    call = lambda id, method, token: json.dumps({"jsonrpc": "2.0", "id": id, "method": method, "params": [token]})
    error_path("with a wrong secret", call("w1", "aria2.getGlobalStat", "token:wrong"), 400, 1, "w1", "Unauthorized")
    error_path("of an unknown method", call("m1", "aria2.noSuchMethod", f"token:{secret}"), 400, 1, "m1")
    error_path("without a method", json.dumps({"jsonrpc": "2.0", "id": "r1"}), 400, -32600, "r1")
    error_path("with malformed JSON", '{"jsonrpc": "2.0", "id": "p1", "method": "aria2.getVersion", ', 500, -32700, None)


def make_files():
    """The served files: name -> bytes. Random content, so a wrong range shows in the hash."""
    return {
        "alpha.bin": secrets.token_bytes(256 * 1024),
        "notes.txt": b"".join(b"line %05d of the notes\n" % i for i in range(2000)),
        "checked.bin": secrets.token_bytes(512 * 1024 + 7),
        "slow.bin": secrets.token_bytes(1024 * 1024),
    }


def check_tools(daemon):
    """A missing tool fails the run by name, never skips it."""
    for tool in (daemon, "node", "npm", "curl"):
        if shutil.which(tool) is None:
            raise Failure(f"{tool} is not installed or not on PATH (scripts/deps installs what the tests need)")


def run(args):
    try:
        check_tools(args.daemon)
    except Failure as failure:
        print(f"FAIL run.py: {failure}", flush=True)
        return 1
    temp = Path(tempfile.mkdtemp(prefix="gather-rpcclient-"))
    process = None
    server = None
    try:
        downloads = temp / "downloads"
        downloads.mkdir()
        files = make_files()
        server = FileServer(files)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://{LOOPBACK}:{server.server_address[1]}"

        prepare_npm(Path(args.work).resolve())

        # What client.mjs adds with which options; "dir" is where the file is expected.
        plan = [
            # No "dir": the daemon's -d folder.
            {"key": "alpha", "url": f"{base}/files/alpha.bin", "dir": str(downloads), "file": "alpha.bin",
             "options": {"out": "renamed-alpha.bin", "header": ["X-Rpc-Test: alpha"]}},
            {"key": "notes", "url": f"{base}/files/notes.txt", "dir": str(downloads / "sub"), "file": "notes.txt",
             "options": {"dir": str(downloads / "sub"), "out": "notes.txt", "user-agent": "rpcclient-test/1"}},
            {"key": "checked", "url": f"{base}/files/checked.bin", "dir": str(downloads), "file": "checked.bin",
             "options": {"dir": str(downloads), "out": "checked.bin",
                         "checksum": "sha-256=" + hashlib.sha256(files["checked.bin"]).hexdigest()}},
        ]
        slow = {"key": "slow", "url": f"{base}/slow/slow.bin", "dir": str(downloads), "file": "slow.bin",
                "options": {"dir": str(downloads), "out": "slow.bin"}}
        for item in plan + [slow]:
            item["out"] = item["options"]["out"]
            item["size"] = len(files[item["file"]])
            item["path"] = str(Path(item["dir"]) / item["out"])
        port = free_port()
        secret = secrets.token_hex(16)
        config = temp / "config.json"
        config.write_text(json.dumps({"port": port, "secret": secret, "host": LOOPBACK, "downloads": plan,
                                      "slow": slow, "deadlineMs": int(args.deadline * 1000)}, indent=1))

        home = temp / "home"
        home.mkdir()
        argv = daemon_argv(args.daemon, port, secret, downloads)
        print("     run.py: starting " + " ".join(a if a != secret else "SECRET" for a in argv), flush=True)
        daemon_log = open(temp / "daemon.log", "wb")
        try:
            process = subprocess.Popen(argv, stdout=daemon_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       env=clean_environment(home), cwd=temp)
        except OSError as error:
            raise Failure(f"cannot start the daemon {args.daemon}: {error}")
        started = time.monotonic()
        wait_for_port(port, process, started + 15)
        check(True, f"the daemon listens on {LOOPBACK}:{port} after {time.monotonic() - started:.2f} s")

        env = clean_environment(None)
        check_plain_http(port, secret, env)

        env["RPCCLIENT_CONFIG"] = str(config)
        try:
            client = subprocess.run(["node", str(Path(args.work).resolve() / "client.mjs")], env=env,
                                    timeout=args.deadline + 15)
        except subprocess.TimeoutExpired:
            raise Failure(f"client.mjs ran past its own deadline of {args.deadline} s")
        if client.returncode != 0:
            raise Failure(f"client.mjs failed with exit code {client.returncode}")

        try:
            code = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            raise Failure("the daemon still runs 10 s after aria2.shutdown answered")
        check(code == 0, f"the daemon exited after aria2.shutdown with code {code}")

        for item in plan + [slow]:
            path = Path(item["path"])
            check(path.is_file(), f"{item['key']}: {path.relative_to(temp)} exists")
            want = hashlib.sha256(files[item["file"]]).hexdigest()
            got = hashlib.sha256(path.read_bytes()).hexdigest()
            check(got == want, f"{item['key']}: SHA-256 on disk is the served file's ({got[:16]}...)")
        expected = sorted(str(Path(i["path"]).relative_to(downloads)) for i in plan + [slow])
        present = sorted(str(p.relative_to(downloads)) for p in downloads.rglob("*") if p.is_file())
        check(present == expected, f"the download folder holds exactly the downloads, no leftovers: {present}")

        alpha = server.requests_for("/files/alpha.bin")
        check(alpha and all(h.get("x-rpc-test") == "alpha" for h in alpha),
              "the header option reached the server on every request for alpha.bin")
        notes = server.requests_for("/files/notes.txt")
        check(notes and all(h.get("user-agent") == "rpcclient-test/1" for h in notes),
              "the user-agent option reached the server on every request for notes.txt")
        resumed = [h.get("range", "") for h in server.requests_for("/slow/slow.bin")
                   if h.get("range", "bytes=0-") not in ("bytes=0-", "")]
        check(any(r.startswith("bytes=") and int(r[6:].split("-")[0]) > 0 for r in resumed),
              f"unpause resumed slow.bin with a Range request ({resumed})")
        return 0
    except Failure as failure:
        print(f"FAIL run.py: {failure}", flush=True)
        if (temp / "daemon.log").exists():
            tail = (temp / "daemon.log").read_bytes()[-4000:].decode(errors="replace")
            print("---- daemon output (tail) ----\n" + tail, flush=True)
        return 1
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if server is not None:
            server.shutdown()
            server.server_close()
        if args.keep:
            print(f"     run.py: kept {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--daemon", required=True, help="aria2c, or the gather binary")
    parser.add_argument("--work", default=str(Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                                              / "gather-rpcclient"),
                        help="where the npm packages are installed and kept between runs")
    parser.add_argument("--deadline", type=float, default=30, help="seconds client.mjs may take in all")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (daemon.log, files)")
    args = parser.parse_args()
    started = time.monotonic()
    code = run(args)
    print(f"{'PASS' if code == 0 else 'FAIL'} run.py against {Path(args.daemon).name} in "
          f"{time.monotonic() - started:.1f} s", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
