#!/usr/bin/env python3
"""Gather against curl, wget2 and aria2 on a loopback nginx (issue 4). Run by scripts/bench.

Generates the workloads' files once, starts nginx with a config of its own, measures the
machine's limits, runs every tool on every workload in a balanced order (a warm-up round
first), checks each download's SHA-256, and prints a Markdown report (also written to OUT/bench.md) with the CSV
beside it (OUT/bench.csv, every single run in OUT/bench-runs.csv). Standard library only.
"""

import sys

sys.dont_write_bytecode = True

import argparse  # noqa: E402
import datetime  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import report  # noqa: E402
import runner  # noqa: E402
import servers  # noqa: E402
import syscalls  # noqa: E402
import tools  # noqa: E402
import workloads as wl  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
STARTED = time.monotonic()


def log(text):
    print(f"[bench {time.monotonic() - STARTED:6.1f}s] {text}", file=sys.stderr, flush=True)


def parse_args():
    keys = [w.key for w in wl.workloads(False)]
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                epilog="scripts/bench also takes --no-build (use build/ as is).")
    p.add_argument("--quick", action="store_true", help="one-minute smoke run: small sizes, 1 run")
    p.add_argument("--runs", type=int, help="timed runs per tool and workload (default 5; quick 1)")
    p.add_argument("--warmup", type=int,
                   help="untimed rounds first (default 1; quick: 1, none for the two slow "
                        "workloads)")
    p.add_argument("--only", help="comma-separated workloads: " + ",".join(keys))
    p.add_argument("--out", help="output and cache folder (default build/bench)")
    p.add_argument("--build-dir", default=os.path.join(REPO, "build"),
                   help="where app/gather and tests/bench/gather_uibench are (default build/)")
    p.add_argument("--gather", help="the gather executable (default BUILD_DIR/app/gather)")
    p.add_argument("--uibench",
                   help="gather_uibench (default BUILD_DIR/tests/bench/gather_uibench)")
    p.add_argument("--gather-split-args",
                   help="Gather's options for one file over several connections (slow server); "
                        "default: detected from gather --help")
    p.add_argument("--delay-server", choices=["auto", "nginx", "python"], default="auto",
                   help="who answers slowly: nginx's echo module or tests/bench/delayserver.py")
    p.add_argument("--peers", default="curl,wget2,aria2",
                   help="comma-separated tools to compare with (default curl,wget2,aria2); fewer "
                        "makes a before/after comparison of two Gather builds quicker")
    p.add_argument("--syscalls", choices=["auto", "all", "off"], default="auto",
                   help="one more run per tool under strace -c -f to count system calls: auto "
                        "(default) for " + ", ".join(AUTO_COUNTED) + "; all: every workload; "
                        "off: none")
    p.add_argument("--busy-burst-mib", type=int,
                   help="busy-disk workloads: MiB the other process writes between two "
                        "fdatasync calls (default 512; quick 128)")
    args = p.parse_args()
    args.runs = args.runs if args.runs is not None else (1 if args.quick else 5)
    args.quick_warmup = args.warmup is None and args.quick
    args.warmup = args.warmup if args.warmup is not None else 1
    if args.runs < 1 or args.warmup < 0:
        p.error("--runs must be at least 1 and --warmup at least 0")
    if args.busy_burst_mib is None:
        args.busy_burst_mib = 128 if args.quick else 512
    if args.busy_burst_mib < 1:
        p.error("--busy-burst-mib must be at least 1")
    selected = wl.workloads(args.quick)
    if args.only:
        wanted = [k.strip() for k in args.only.split(",") if k.strip()]
        unknown = sorted(set(wanted) - set(keys))
        if unknown:
            p.error(f"unknown workload(s) {', '.join(unknown)}; choose from {', '.join(keys)}")
        selected = [w for w in selected if w.key in wanted]
    args.selected = selected
    args.out = os.path.abspath(args.out or os.path.join(REPO, "build", "bench"))
    args.gather = os.path.abspath(args.gather or os.path.join(args.build_dir, "app", "gather"))
    args.uibench = os.path.abspath(
        args.uibench or os.path.join(args.build_dir, "tests", "bench", "gather_uibench"))
    return args


def read_first(path, prefix):
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def machine_lines(out):
    cpu = read_first("/proc/cpuinfo", "model name")
    mem_kib = read_first("/proc/meminfo", "MemTotal").split()[0]
    disk = "unknown"
    df = subprocess.run(["df", "-T", out], capture_output=True, text=True)
    if df.returncode == 0 and len(df.stdout.splitlines()) > 1:
        fields = df.stdout.splitlines()[1].split()
        disk = f"{fields[1]} on {fields[0]}"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    mem = f"{int(mem_kib) / 1024 / 1024:.1f} GiB" if mem_kib.isdigit() else "unknown"
    return [f"- date: {now}; kernel {platform.release()}; CPU: {cpu} × {os.cpu_count()}; "
            f"RAM {mem}; download disk: {disk}; load average at start {load}"]


def measure_limits(url, size, work, runs, curl, tls_url=None, ca=None):
    """Median MiB/s of curl to /dev/null (network side; over HTTPS too when tls_url is given)
    and dd with fdatasync (disk side)."""
    network, network_tls, disk = [], [], []
    target = os.path.join(work, "dd.tmp")

    def fetch(address, extra):
        start = time.monotonic()
        subprocess.run([curl, "-q", "--silent", "--show-error", "--fail", *extra, "-o",
                        "/dev/null", address], check=True)
        return size / wl.MiB / (time.monotonic() - start)

    for _ in range(runs):
        network.append(fetch(url, []))
        if tls_url:
            network_tls.append(fetch(tls_url, ["--cacert", ca]))
        start = time.monotonic()
        subprocess.run(["dd", "if=/dev/zero", f"of={target}", "bs=1M",
                        f"count={size // wl.MiB}", "conv=fdatasync", "status=none"], check=True)
        disk.append(size / wl.MiB / (time.monotonic() - start))
        os.remove(target)
        os.sync()
    label = wl.human_size(size)
    limits = [(f"network: curl → /dev/null, {label} file", report.median(network))]
    if tls_url:
        limits.append((f"network over HTTPS (HTTP/1.1): curl → /dev/null, {label} file",
                       report.median(network_tls)))
    return limits + [(f"disk: dd if=/dev/zero bs=1M conv=fdatasync, {label}",
                      report.median(disk))]


def timeout_for(w):
    ideal = -(-w.count // w.concurrency) * w.delay_s
    return 120 + w.total_bytes / (2 * wl.MiB) + 5 * ideal


def shown(command, lists, dest):
    names = {lists["urls"]: "URLS.txt", lists["curl"]: "CURL.conf", dest: "DIR",
             lists["ca"]: "CA.pem", f"--ca-certificate={lists['ca']}": "--ca-certificate=CA.pem"}
    parts = [names.get(part, part) for part in command]
    parts[0] = os.path.basename(parts[0])
    return " ".join(parts)


def balanced_order(count, round_index):
    """Round round_index of a Williams design: over count rounds (2 x count when count is odd)
    every tool runs right after every other tool equally often.

    Which tool ran just before matters on a VM: a tool that leaves a gigabyte of freshly deleted
    dirty pages makes the next tool's page-cache writes several times slower (measured 0.2 s vs
    2.2 s of system time for 1 GiB). Plain rotation keeps the cyclic order, so the same tool
    would always follow the same neighbour and always pay, or never.
    """
    base, low, high = [0], 1, count - 1
    while len(base) < count:
        base.append(low)
        low += 1
        if len(base) < count:
            base.append(high)
            high -= 1
    if count % 2 and (round_index // count) % 2:
        base.reverse()
    return [(slot + round_index) % count for slot in base]


# Counted by default (--syscalls auto): the workloads issue 17's budget is set on, per file and
# per GiB. strace costs about 0.1 ms per call here, so Gather's 1 GiB runs take minutes each;
# plain one-huge and several-large repeat https-one-huge's per-GiB figure, the busy ones their
# quiet twin's calls, and slow server and slow answers are mostly waiting.
AUTO_COUNTED = ("many-small", "https-many-small", "h2-many-small", "https-one-huge")


def counted(args, w):
    """Whether workload w gets a counting run under strace (--syscalls)."""
    if args.syscalls == "off" or not os.access(runner.STRACE, os.X_OK):
        return False
    return args.syscalls == "all" or w.key in AUTO_COUNTED


def run_workloads(args, srv, work, contestants, windows, expected, runs, counts):
    """Runs every selected workload, tools in a balanced order, then the counting runs; appends
    to runs, fills counts {(workload, tool): syscalls.Counts}, returns the commands."""
    mode = "quick" if args.quick else "full"
    dest = os.path.join(work, "download")
    commands = []
    for w in args.selected:
        lists = tools.write_lists(os.path.join(args.out, "lists", mode, w.key), w,
                                  srv.url_for(w), srv.ca_certificate)
        order = contestants + (windows if w.key == "many-small" else [])
        commands += [(w, t, shown(t.command(w, lists, dest), lists, dest)) for t in order]
        warmup = args.warmup
        if args.quick_warmup and (w.delay_s or w.best_for_one_file):
            warmup = 0  # waiting dominates these; a warm-up would only double the quick run
        for round_index in range(warmup + args.runs):
            warm = round_index < warmup
            for tool in (order[i] for i in balanced_order(len(order), round_index)):
                run = runner.run_once(tool, w, lists, dest, expected[w.key],
                                      os.path.join(args.out, "logs"), warm, timeout_for(w),
                                      servers=srv, busy_burst_mib=args.busy_burst_mib)
                runs.append(run)
                state = "ok" if run.ok else "FAILED: " + run.problem
                what = "warm-up" if warm else f"run {round_index - warmup + 1}/{args.runs}"
                extra = ""
                if run.busy_s:
                    extra += f", writer {run.busy_bytes / wl.MiB / run.busy_s:.0f} MiB/s"
                if run.protocols:
                    extra += ", " + report.protocol_text(run.protocols)
                log(f"{w.key} {what} {tool.key}: {run.wall_s:.3f} s, CPU {run.cpu_s:.2f} s, "
                    f"RSS {run.maxrss_kib / 1024:.1f} MiB{extra}, {state}")
        if not counted(args, w):
            continue
        for tool in contestants:
            table = os.path.join(args.out, "syscalls", mode, f"{w.key}-{tool.key}.txt")
            os.makedirs(os.path.dirname(table), exist_ok=True)
            if os.path.exists(table):
                os.remove(table)  # an old table must not stand in for a failed strace
            run = runner.run_once(tool, w, lists, dest, expected[w.key],
                                  os.path.join(args.out, "logs"), True, 4 * timeout_for(w),
                                  count_to=table, busy_burst_mib=args.busy_burst_mib)
            count = syscalls.read(table)
            if not run.ok:
                count = syscalls.Counts({}, "counting run failed: " + run.problem)
            counts[(w.key, tool.key)] = count
            log(f"{w.key} counted {tool.key} under strace: {count.total} system calls"
                + (f" ({count.problem})" if count.problem else f" in {run.wall_s:.1f} s"))
    return commands


def main():
    args = parse_args()
    gather = tools.Gather(args.gather, args.gather_split_args.split()
                          if args.gather_split_args is not None else None)
    if not os.access(runner.TIME, os.X_OK):
        log(f"{runner.TIME} is missing (Debian package time; scripts/bench installs it)")
        return 2
    if not gather.available():
        log(f"gather not found at {args.gather} (scripts/bench builds it)")
        return 2
    peers = [p for p in tools.peers() if p.available()]
    missing = sorted({"curl", "wget2", "aria2"} - {p.key for p in peers})
    wanted = {key.strip() for key in args.peers.split(",") if key.strip()}
    if wanted - {"curl", "wget2", "aria2"}:
        log(f"--peers: unknown tool(s) {', '.join(sorted(wanted - {'curl', 'wget2', 'aria2'}))}")
        return 2
    peers = [p for p in peers if p.key in wanted]
    windows = []
    if any(w.key == "many-small" for w in args.selected) and os.access(args.uibench, os.X_OK):
        windows = [tools.GatherWindow(args.uibench, gather),
                   tools.GatherWindow(args.uibench, gather, glib=True)]
    if "curl" in missing:
        log("curl is required (network limit); scripts/bench installs it")
        return 2
    tls = [w for w in args.selected if w.tls]
    if tls and not gather.trusts_ca_file:
        log(f"{args.gather} --help lists no --ca-certificate, which the HTTPS workloads "
            f"({', '.join(w.key for w in tls)}) need to trust the run's certificate")
        return 2
    if args.syscalls != "off" and not os.access(runner.STRACE, os.X_OK):
        log(f"{runner.STRACE} is missing (Debian package strace; scripts/bench installs it): "
            "no system-call counts")

    mode = "quick" if args.quick else "full"
    cache = wl.FileCache(os.path.join(args.out, "cache", mode))
    work = os.path.join(args.out, "work")
    os.makedirs(work, exist_ok=True)
    huge = next(w for w in wl.workloads(args.quick) if w.key == "one-huge")
    expected = {}
    for w in {w.key: w for w in [*args.selected, huge]}.values():
        log(f"files for {w.key}: {w.describe()}")
        expected[w.key] = cache.ensure(w, log)

    delay = max([w.delay_s for w in args.selected] + [1.0])
    srv = servers.Servers(cache.root, delay, args.delay_server)
    runs = []
    counts = {}
    try:
        srv.start()
        log(f"nginx on {srv.base_url()}, HTTPS on port {srv.tls_port} (HTTP/1.1) and "
            f"{srv.h2_port} (HTTP/2)")
        log("measuring the machine's limits")
        path = f"{huge.url_prefix}{huge.names()[0]}"
        limits = measure_limits(f"{srv.base_url()}{path}", huge.size, work, min(args.runs, 3),
                                next(p.executable for p in peers if p.key == "curl"),
                                f"https://127.0.0.1:{srv.tls_port}{path}" if tls else None,
                                srv.ca_certificate)
        commands = run_workloads(args, srv, work, [gather, *peers], windows, expected, runs,
                                 counts)
    finally:
        srv.stop()

    summaries = {}
    for w in args.selected:
        by_tool = {}
        for key in report.LABELS:  # every tool the report knows, in its order
            mine = [r for r in runs if r.workload == w.key and r.tool == key]
            if mine:
                by_tool[key] = report.summarize(key, mine)
        summaries[w.key] = by_tool

    lines = render(args, gather, peers, missing, windows, srv, limits, summaries, commands,
                   counts)
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(args.out, "bench.md"), "w", encoding="utf-8") as f:
        f.write(text)
    target_lines = report.targets(args.selected, summaries, counts)
    if "many-small" in summaries:
        target_lines += gui_target_lines(summaries["many-small"])
    report.write_csv(os.path.join(args.out, "bench.csv"), args.selected, summaries, limits,
                     target_lines, counts)
    report.write_runs_csv(os.path.join(args.out, "bench-runs.csv"), runs)
    log(f"wrote {os.path.join(args.out, 'bench.md')}, bench.csv and bench-runs.csv")
    return 1 if any(not r.ok for r in runs if r.tool.startswith("gather")) else 0


def gui_target_lines(many_small):
    """The window's targets, for Qt's dispatcher (the window's usual one) and GLib's."""
    headless = many_small.get("gather")
    return (report.gui_targets(headless, many_small.get("gather-window"))
            + report.gui_targets(headless, many_small.get("gather-window-glib"), "GLib loop"))


def render(args, gather, peers, missing, windows, srv, limits, summaries, commands, counts):
    title = "quick smoke run (reduced sizes, 1 run: not a measurement)" if args.quick else \
        "full run"
    versions = [f"{gather.version()} ({args.gather})"] + [p.version() for p in peers]
    versions.append(tools.first_line([srv.nginx, "-v"]))
    lines = [f"# Gather benchmark: {title}", ""]
    lines += machine_lines(args.out)
    warm = f"{args.warmup} warm-up round(s)"
    if args.quick_warmup:
        warm += " (none for slow server and slow answers)"
    lines += [f"- runs: median of {args.runs} timed run(s) per tool after {warm}; tools "
              "alternate in a balanced order (each runs right after each other equally often); "
              "every file's SHA-256 is checked; CPU = user + sys (wait4), peak RSS from GNU time",
              "- versions: " + "; ".join(versions),
              "- server: nginx on 127.0.0.1, sendfile on, access_log off, keepalive_requests "
              f"100000; slow answers served by {srv.delay_kind}"]
    if any(w.tls for w in args.selected):
        lines.append("- HTTPS: the same nginx on two more ports with a certificate made for this "
                     "run (ECDSA P-256, signed by a CA made with it, TLS 1.2–1.3; every tool is "
                     "told to trust the CA), one port offering HTTP/1.1 only, the other HTTP/2 "
                     "too; these log each request's protocol")
    if any(w.busy for w in args.selected):
        lines.append("- busy disk: while the tool runs, another process (diskload.py) writes "
                     f"{args.busy_burst_mib} MiB of zeros in 1 MiB writes to a file in the same "
                     "file system, fdatasyncs it and starts over; its file is removed after "
                     "each run")
    notes = []
    if missing:
        notes.append(f"not installed, skipped: {', '.join(missing)}")
    for w in args.selected:
        if w.delay_s and gather.per_host(w) < w.concurrency:
            notes.append(f"{w.title}: gather's --max-per-host allows at most "
                         f"{gather.max_per_host_cap}, so it ran -j {w.concurrency} "
                         f"--max-per-host {gather.per_host(w)}")
        if w.best_for_one_file:
            how = " ".join(gather.split_args) if gather.split_args else \
                "one connection (no multi-connection option in gather --help)"
            notes.append(f"{w.title}: gather used {how}; aria2c -x16 -s16 -k1M; wget2 "
                         "--max-threads 16 --chunk-size (1/16 of the file; wget2 fetches the "
                         "chunks one at a time on one connection); curl one connection. nginx's "
                         "limit_rate lets each request send 1 s worth (4 MiB) unthrottled")
    lines += [f"- note: {n}" for n in notes]
    lines += ["", "## Machine limits (same run)", "", "| limit | MiB/s |", "|---|---:|"]
    lines += [f"| {name} | {report.fmt(value, 0)} |" for name, value in limits]
    lines += ["", "## Results", ""]
    lines += [f"- {w.title} (`{w.key}`): {w.describe()}" for w in args.selected]
    lines += [""] + report.results_table(args.selected, summaries)
    if any(w.tls for w in args.selected):
        lines += ["", "## HTTP versions over TLS", "",
                  "gather asks Qt 6.4 for HTTP/1.1 only (core/net/httpattempt.cpp sets "
                  "Http2AllowedAttribute to false: Qt's h2 ignores the read-buffer limit); curl "
                  "and wget2 offer h2 by ALPN, aria2 does not speak it.", ""]
        lines += report.protocol_table(args.selected, summaries)
    if any(w.busy for w in args.selected):
        lines += ["", "## Busy disk", ""] + report.busy_table(args.selected, summaries)
    if counts:
        lines += ["", "## System calls (one more run per tool under strace -c -f, not timed)", "",
                  "Every thread and child together. Groups: write = write, writev, send*; read "
                  "= read, readv, recv*; poll = poll, ppoll, epoll_wait, select; fsync = fsync, "
                  "fdatasync, sync_file_range. Gather's pwrite is its file data; its write is "
                  "mostly cross-thread wake-ups (eventfd).", ""]
        lines += report.syscall_table(args.selected, counts)
    skipped = [w.key for w in args.selected if not counted(args, w)]
    if skipped and args.syscalls == "auto" and os.access(runner.STRACE, os.X_OK):
        lines += ["", f"System calls not counted for {', '.join(skipped)} "
                      "(--syscalls all counts them too)."]
    target_lines = report.targets(args.selected, summaries, counts)
    lines += ["", "## Targets", ""]
    lines += [f"- **{status}** {name}: {detail}" for status, name, detail in target_lines]
    if not target_lines:
        lines.append("No target covers the selected workloads.")
    if any(w.key == "many-small" for w in args.selected):
        lines += ["", "## GUI variant (many small, through the window, offscreen)", ""]
        if not windows:
            lines.append("GUI variant: skipped (gather_uibench not built)")
        else:
            lines += ["The window uses Qt's own event dispatcher unless Qt would load its GTK 3 "
                      "theme, whose dialogs need GLib's; both are measured. Stall: the lateness "
                      "of a 10 ms timer, the worst run's p99 and max.", ""]
            lines += ["| mode | wall s | own wall s | CPU s | peak RSS MiB | stall p99 ms | "
                      "stall max ms | failed runs |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
            rows = [("headless", "gather"), ("window", "gather-window"),
                    ("window, GLib loop", "gather-window-glib")]
            for label, key in rows:
                s = summaries["many-small"].get(key)
                if s is None:
                    continue
                own = s.self_wall_ms / 1000 if s.self_wall_ms is not None else None
                lines.append(f"| {label} | {report.fmt(s.wall_s, 3)} | {report.fmt(own, 3)} | "
                             f"{report.fmt(s.cpu_s)} | {report.fmt(s.rss_mib, 1)} | "
                             f"{report.fmt(s.stall_p99_ms, 1)} | {report.fmt(s.stall_max_ms, 1)} "
                             f"| {s.runs_failed} of {s.runs_ok + s.runs_failed} |")
            lines.append("")
            lines += [f"- **{status}** {name}: {detail}"
                      for status, name, detail in gui_target_lines(summaries["many-small"])]
    failures = [(w, key, p) for w in args.selected
                for key, s in summaries[w.key].items() for p in sorted(set(s.problems))]
    if failures:
        logs = os.path.join(args.out, "logs")
        lines += ["", f"## Failed runs (their stdout and stderr are in {logs})", ""]
        lines += [f"- {w.title} / {report.LABELS[key]}: {p}" for w, key, p in failures]
    lines += ["", "## Commands", ""]
    lines += [f"- {w.title} / {report.LABELS[t.key]}: `{cmd}`" for w, t, cmd in commands]
    return lines


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted")
        sys.exit(130)
