"""Turns the runs into the Markdown report, the CSV table and the PASS/MISS target lines."""

import csv
import dataclasses
import statistics

import syscalls
from workloads import GiB, MiB

PEERS = ["curl", "wget2", "aria2"]
LABELS = {"gather": "gather", "curl": "curl", "wget2": "wget2", "aria2": "aria2c",
          "gather-window": "gather (window)", "gather-window-glib": "gather (window, GLib loop)"}


@dataclasses.dataclass
class Summary:
    tool: str
    runs_ok: int
    runs_failed: int
    wall_s: float = None
    cpu_s: float = None
    user_s: float = None
    sys_s: float = None
    rss_mib: float = None
    rss_max_mib: float = None
    problems: list = dataclasses.field(default_factory=list)
    stall_p99_ms: float = None  # worst run, window only
    stall_max_ms: float = None
    self_wall_ms: float = None  # gather_uibench's own wall_ms, median
    protocols: dict = dataclasses.field(default_factory=dict)  # per run, median over runs
    busy_mib_s: float = None  # how fast the busy-disk writer wrote meanwhile, median


def median(values):
    return statistics.median(values) if values else None


def summarize(tool, runs):
    timed = [r for r in runs if not r.warmup]
    ok = [r for r in timed if r.ok]
    s = Summary(tool, len(ok), len(timed) - len(ok))
    s.problems = [r.problem for r in runs if not r.ok]
    if ok:
        s.wall_s = median([r.wall_s for r in ok])
        s.cpu_s = median([r.cpu_s for r in ok])
        s.user_s = median([r.user_s for r in ok])
        s.sys_s = median([r.sys_s for r in ok])
        s.rss_mib = median([r.maxrss_kib / 1024 for r in ok])
        s.rss_max_mib = max(r.maxrss_kib / 1024 for r in ok)
        labels = sorted({label for r in ok for label in r.protocols})
        s.protocols = {label: median([r.protocols.get(label, 0) for r in ok])
                       for label in labels}
        rates = [r.busy_bytes / MiB / r.busy_s for r in ok if r.busy_s]
        s.busy_mib_s = median(rates)
        reports = [r.report for r in ok if r.report]
        if reports:
            s.stall_p99_ms = worst(reports, "stall_p99_ms")
            s.stall_max_ms = worst(reports, "stall_max_ms")
            walls = [r.get("wall_ms") for r in reports]
            if all(isinstance(v, (int, float)) for v in walls):
                s.self_wall_ms = median(walls)
    return s


def worst(reports, key):
    """The largest value of key over gather_uibench's reports; None if any report lacks it."""
    values = [r.get(key) for r in reports]
    if not all(isinstance(v, (int, float)) for v in values):
        return None
    return float(max(values))


def protocol_text(protocols):
    """"HTTP/2.0 × 2000 (TLSv1.3)" for the requests the TLS servers logged."""
    parts = []
    for label, requests in sorted(protocols.items(), key=lambda item: -item[1]):
        http, _, tls = label.partition(" ")
        parts.append(f"{http} × {requests:g}" + (f" ({tls})" if tls else ""))
    return ", ".join(parts) or "no request logged"


def fmt(value, digits=2):
    return "—" if value is None else f"{value:.{digits}f}"


def ratio(a, b):
    return None if a is None or not b else a / b


def results_table(workloads, summaries):
    lines = ["| workload | tool | wall s | CPU s | peak RSS MiB | Gather/tool wall | "
             "Gather/tool CPU | failed runs |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for w in workloads:
        by_tool = summaries.get(w.key, {})
        gather = by_tool.get("gather")
        for key in ["gather", *PEERS]:
            s = by_tool.get(key)
            if s is None:
                continue
            wall_ratio = cpu_ratio = None
            if key != "gather" and gather:
                wall_ratio = ratio(gather.wall_s, s.wall_s)
                cpu_ratio = ratio(gather.cpu_s, s.cpu_s)
            failed = f"{s.runs_failed} of {s.runs_ok + s.runs_failed}"
            lines.append(f"| {w.title} | {LABELS[key]} | {fmt(s.wall_s, 3)} | {fmt(s.cpu_s)} | "
                         f"{fmt(s.rss_mib, 1)} | {fmt(wall_ratio)} | {fmt(cpu_ratio)} | "
                         f"{failed} |")
    return lines


def _check(name, ok, text):
    return ("PASS" if ok else "MISS", name, text)


def _gather_failed(name, s):
    if s is None:
        return ("MISS", name, "gather was not run")
    if s.runs_failed or s.wall_s is None:
        return ("MISS", name, f"gather failed {s.runs_failed} of "
                              f"{s.runs_ok + s.runs_failed} runs")
    return None


def _fastest(by_tool, keys):
    timed = [(by_tool[k].wall_s, k) for k in keys if k in by_tool and by_tool[k].wall_s]
    return min(timed) if timed else (None, None)


def targets(workloads, summaries, counts=None):
    """(status, name, detail) for every target whose workload ran."""
    result = []
    keys = {w.key: w for w in workloads}
    if "many-small" in keys:
        by_tool = summaries["many-small"]
        g = by_tool.get("gather")
        name = "many small: Gather ≤ 0.9 × fastest of curl, wget2"
        best, who = _fastest(by_tool, ["curl", "wget2"])
        failed = _gather_failed(name, g)
        if failed:
            result.append(failed)
        elif best is None:
            result.append(("MISS", name, "no successful curl or wget2 run to compare with"))
        else:
            result.append(_check(name, g.wall_s <= 0.9 * best,
                                 f"{g.wall_s:.3f} s vs {LABELS[who]} {best:.3f} s "
                                 f"(ratio {g.wall_s / best:.2f})"))
        name = "many small: Gather ≤ 0.25 × aria2"
        a = by_tool.get("aria2")
        if failed:
            result.append(("MISS", name, failed[2]))
        elif a is None or a.wall_s is None:
            result.append(("MISS", name, "no successful aria2 run to compare with"))
        else:
            result.append(_check(name, g.wall_s <= 0.25 * a.wall_s,
                                 f"{g.wall_s:.3f} s vs {a.wall_s:.3f} s "
                                 f"(ratio {g.wall_s / a.wall_s:.2f})"))
    for key in ("several-large", "one-huge"):
        if key not in keys:
            continue
        by_tool = summaries[key]
        g = by_tool.get("gather")
        title = keys[key].title
        name = f"{title}: Gather ≤ 1.0 × fastest peer"
        failed = _gather_failed(name, g)
        best, who = _fastest(by_tool, PEERS)
        if failed:
            result.append(failed)
        elif best is None:
            result.append(("MISS", name, "no successful peer run to compare with"))
        else:
            result.append(_check(name, g.wall_s <= best,
                                 f"{g.wall_s:.3f} s vs {LABELS[who]} {best:.3f} s "
                                 f"(ratio {g.wall_s / best:.2f})"))
        name = f"{title}: Gather CPU per GiB ≤ 1.5 × curl's"
        c = by_tool.get("curl")
        gib = keys[key].total_bytes / GiB
        if failed:
            result.append(("MISS", name, failed[2]))
        elif c is None or c.cpu_s is None:
            result.append(("MISS", name, "no successful curl run to compare with"))
        else:
            result.append(_check(name, g.cpu_s <= 1.5 * c.cpu_s,
                                 f"{g.cpu_s / gib:.2f} s/GiB vs curl {c.cpu_s / gib:.2f} s/GiB "
                                 f"(ratio {ratio(g.cpu_s, c.cpu_s) or 0:.2f})"))
    if "slow-answers" in keys:
        w = keys["slow-answers"]
        ideal = -(-w.count // w.concurrency) * w.delay_s
        g = summaries["slow-answers"].get("gather")
        name = f"slow answers: Gather within 10% of the ideal {ideal:g} s"
        failed = _gather_failed(name, g)
        result.append(failed or _check(name, g.wall_s <= 1.1 * ideal,
                                       f"{g.wall_s:.3f} s (ratio {g.wall_s / ideal:.2f})"))
    if "one-huge" in keys:
        w = keys["one-huge"]
        g = summaries["one-huge"].get("gather")
        name = f"one huge: Gather's peak RSS downloading {w.total_bytes // MiB} MiB ≤ 64 MiB"
        failed = _gather_failed(name, g)
        result.append(failed or _check(name, g.rss_max_mib <= 64,
                                       f"{g.rss_max_mib:.1f} MiB (worst run)"))
    return result + user_targets(keys, summaries, counts or {})


def _versus_curl(name, by_tool, limit, value):
    """A target "Gather's value ≤ limit × curl's value" on one workload's summaries."""
    g, c = by_tool.get("gather"), by_tool.get("curl")
    failed = _gather_failed(name, g)
    if failed:
        return failed
    if c is None or value(c) is None:
        return ("MISS", name, "no successful curl run to compare with")
    mine, theirs = value(g), value(c)
    return _check(name, mine <= limit * theirs,
                  f"{mine:.3f} vs curl {theirs:.3f} (ratio {mine / theirs:.2f})")


def user_targets(keys, summaries, counts):
    """Issue 17's targets: HTTPS against curl, busy disk against quiet, system-call budget."""
    result = []
    if "https-many-small" in keys:
        result.append(_versus_curl("HTTPS many small: Gather wall ≤ 0.8 × curl's (s)",
                                   summaries["https-many-small"], 0.8, lambda s: s.wall_s))
    if "https-one-huge" in keys:
        by_tool = summaries["https-one-huge"]
        gib = keys["https-one-huge"].total_bytes / GiB
        result.append(_versus_curl("HTTPS one huge: Gather wall ≤ 1.0 × curl's (s)", by_tool,
                                   1.0, lambda s: s.wall_s))
        result.append(_versus_curl("HTTPS one huge: Gather CPU per GiB ≤ 1.2 × curl's (s/GiB)",
                                   by_tool, 1.2,
                                   lambda s: None if s.cpu_s is None else s.cpu_s / gib))
    for w in keys.values():
        if not w.busy or w.quiet_key not in keys:
            continue
        name = f"{w.title}: Gather ≤ 1.2 × its quiet run ({keys[w.quiet_key].title})"
        busy, quiet = summaries[w.key].get("gather"), summaries[w.quiet_key].get("gather")
        failed = _gather_failed(name, busy) or _gather_failed(name, quiet)
        result.append(failed or _check(name, busy.wall_s <= 1.2 * quiet.wall_s,
                                       f"{busy.wall_s:.3f} s vs {quiet.wall_s:.3f} s "
                                       f"(ratio {busy.wall_s / quiet.wall_s:.2f})"))
    for key in ("https-one-huge", "https-many-small"):
        g, c = counts.get((key, "gather")), counts.get((key, "curl"))
        if key not in keys or g is None:
            continue
        name = f"{keys[key].title}: Gather's system calls ≤ 2 × curl's"
        if g.problem or c is None or c.problem:
            result.append(("MISS", name, (g.problem or (c.problem if c else "")
                                          or "curl was not counted")))
            continue
        w = keys[key]
        result.append(_check(name, g.total <= 2 * c.total,
                             f"{g.per_file(w):,.0f} vs {c.per_file(w):,.0f} per file, "
                             f"{g.per_gib(w):,.0f} vs {c.per_gib(w):,.0f} per GiB "
                             f"(ratio {g.total / c.total:.2f})"))
    return result


def protocol_table(workloads, summaries):
    """Which HTTP version each tool got over TLS, from the server's log of the timed runs."""
    lines = ["| workload | tool | requests per run, by protocol (nginx's log) |", "|---|---|---|"]
    for w in workloads:
        if not w.tls:
            continue
        for key in ["gather", *PEERS]:
            s = summaries.get(w.key, {}).get(key)
            if s is not None:
                lines.append(f"| {w.title} | {LABELS[key]} | {protocol_text(s.protocols)} |")
    return lines


def busy_table(workloads, summaries):
    """Each tool's busy-disk run against the same workload without the writer."""
    lines = ["| workload | tool | quiet wall s | busy wall s | busy/quiet | quiet CPU s | "
             "busy CPU s | writer MiB/s |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for w in workloads:
        if not w.busy:
            continue
        for key in ["gather", *PEERS]:
            busy = summaries.get(w.key, {}).get(key)
            if busy is None:
                continue
            quiet = summaries.get(w.quiet_key, {}).get(key)
            q_wall = quiet.wall_s if quiet else None
            q_cpu = quiet.cpu_s if quiet else None
            lines.append(f"| {w.title} | {LABELS[key]} | {fmt(q_wall, 3)} | "
                         f"{fmt(busy.wall_s, 3)} | {fmt(ratio(busy.wall_s, q_wall))} | "
                         f"{fmt(q_cpu)} | {fmt(busy.cpu_s)} | {fmt(busy.busy_mib_s, 0)} |")
    return lines


def syscall_table(workloads, counts):
    """One counting run per tool and workload under strace -c -f."""
    names = [name for name, _ in syscalls.GROUPS]
    lines = ["| workload | tool | calls | per file | per GiB | " + " | ".join(names)
             + " | Gather/tool | top calls |",
             "|---|---|---:|---:|---:|" + "---:|" * len(names) + "---:|---|"]
    for w in workloads:
        gather = counts.get((w.key, "gather"))
        for key in ["gather", *PEERS]:
            c = counts.get((w.key, key))
            if c is None:
                continue
            if c.problem:
                lines.append(f"| {w.title} | {LABELS[key]} | — | — | — | "
                             + " | ".join("—" for _ in names) + f" | — | {c.problem} |")
                continue
            versus = None
            if key != "gather" and gather and not gather.problem:
                versus = ratio(gather.total, c.total)
            top = ", ".join(f"{name} {calls:,}" for name, calls in c.top())
            lines.append(f"| {w.title} | {LABELS[key]} | {c.total:,} | {c.per_file(w):,.0f} | "
                         f"{c.per_gib(w):,.0f} | "
                         + " | ".join(f"{c.group(n):,}" for n in names)
                         + f" | {fmt(versus)} | {top} |")
    return lines


def gui_targets(headless, window, loop=""):
    """The window's targets against headless; loop ("GLib loop") names a variant's dispatcher."""
    if window is None:
        return []
    prefix = f"GUI ({loop})" if loop else "GUI"
    failed = _gather_failed(f"{prefix}: window wall ≤ 1.15 × headless", window)
    if failed:
        return [failed]
    out = []
    if headless and headless.wall_s:
        out.append(_check(f"{prefix}: window wall ≤ 1.15 × headless",
                          window.wall_s <= 1.15 * headless.wall_s,
                          f"{window.wall_s:.3f} s vs {headless.wall_s:.3f} s "
                          f"(ratio {window.wall_s / headless.wall_s:.2f})"))
    else:
        out.append(("MISS", f"{prefix}: window wall ≤ 1.15 × headless", "no headless run to compare"))
    for name, value, limit in (("p99", window.stall_p99_ms, 16), ("max", window.stall_max_ms, 50)):
        title = f"{prefix}: event-loop stall {name} ≤ {limit} ms"
        if value is None:
            out.append(("MISS", title, "gather_uibench did not report it"))
        else:
            out.append(_check(title, value <= limit, f"{value:.1f} ms (worst run)"))
    return out


CSV_FIELDS = ["section", "workload", "tool", "runs_ok", "runs_failed", "wall_median_s",
              "cpu_median_s", "user_median_s", "sys_median_s", "rss_median_mib", "rss_max_mib",
              "cpu_s_per_gib", "gather_over_tool_wall", "gather_over_tool_cpu", "files", "bytes",
              "concurrency", "stall_p99_ms", "stall_max_ms", "value", "unit", "status", "detail",
              "transport", "http_versions", "busy_over_quiet_wall", "busy_writer_mib_s",
              "syscalls_total", "syscalls_per_file", "syscalls_per_gib",
              *[f"syscalls_{name}" for name, _ in syscalls.GROUPS], "syscalls_top",
              "gather_over_tool_syscalls"]


def cell(value, digits):
    """A CSV cell: empty, not a dash, when there is no value."""
    return "" if value is None else f"{value:.{digits}f}"


def busy_ratio(w, key, s, summaries):
    quiet = summaries.get(w.quiet_key, {}).get(key) if w.busy else None
    return ratio(s.wall_s, quiet.wall_s) if quiet else None


def syscall_cells(w, key, counts):
    """The CSV's syscalls_* cells for one tool on one workload (empty when not counted)."""
    c = counts.get((w.key, key))
    if c is None or c.problem:
        return {}
    cells = {"syscalls_total": c.total, "syscalls_per_file": cell(c.per_file(w), 1),
             "syscalls_per_gib": cell(c.per_gib(w), 0),
             "syscalls_top": " ".join(f"{name}={calls}" for name, calls in c.top())}
    cells.update({f"syscalls_{name}": c.group(name) for name, _ in syscalls.GROUPS})
    gather = counts.get((w.key, "gather"))
    if key != "gather" and gather and not gather.problem:
        cells["gather_over_tool_syscalls"] = cell(ratio(gather.total, c.total), 3)
    return cells


def write_csv(path, workloads, summaries, limits, target_lines, counts=None):
    counts = counts or {}
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, fieldnames=CSV_FIELDS)
        out.writeheader()
        for name, value in limits:
            out.writerow({"section": "limit", "detail": name, "value": cell(value, 1),
                          "unit": "MiB/s"})
        for w in workloads:
            by_tool = summaries.get(w.key, {})
            gather = by_tool.get("gather")
            for key, s in by_tool.items():
                versus = gather if key != "gather" else None
                wall_ratio = ratio(versus.wall_s, s.wall_s) if versus else None
                cpu_ratio = ratio(versus.cpu_s, s.cpu_s) if versus else None
                out.writerow({
                    "section": "result", "workload": w.key, "tool": key,
                    "runs_ok": s.runs_ok, "runs_failed": s.runs_failed,
                    "wall_median_s": cell(s.wall_s, 4), "cpu_median_s": cell(s.cpu_s, 4),
                    "user_median_s": cell(s.user_s, 4), "sys_median_s": cell(s.sys_s, 4),
                    "rss_median_mib": cell(s.rss_mib, 1), "rss_max_mib": cell(s.rss_max_mib, 1),
                    "cpu_s_per_gib": cell(ratio(s.cpu_s, w.total_bytes / GiB), 3),
                    "gather_over_tool_wall": cell(wall_ratio, 3),
                    "gather_over_tool_cpu": cell(cpu_ratio, 3),
                    "files": w.count, "bytes": w.total_bytes, "concurrency": w.concurrency,
                    "stall_p99_ms": cell(s.stall_p99_ms, 1),
                    "stall_max_ms": cell(s.stall_max_ms, 1),
                    "detail": " | ".join(sorted(set(s.problems))),
                    "transport": w.transport,
                    "http_versions": protocol_text(s.protocols) if w.tls else "",
                    "busy_over_quiet_wall": cell(busy_ratio(w, key, s, summaries), 3),
                    "busy_writer_mib_s": cell(s.busy_mib_s, 0),
                    **syscall_cells(w, key, counts)})
        for status, name, detail in target_lines:
            out.writerow({"section": "target", "status": status, "detail": f"{name}: {detail}"})


def write_runs_csv(path, runs):
    fields = ["workload", "tool", "warmup", "ok", "wall_s", "user_s", "sys_s", "maxrss_kib",
              "exit_code", "problem", "report", "http_versions", "busy_writer_bytes",
              "busy_writer_s"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(fields)
        for r in runs:
            out.writerow([r.workload, r.tool, int(r.warmup), int(r.ok), f"{r.wall_s:.4f}",
                          f"{r.user_s:.4f}", f"{r.sys_s:.4f}", r.maxrss_kib, r.exit_code,
                          r.problem, r.report or "", protocol_text(r.protocols) if r.protocols
                          else "", r.busy_bytes or "", f"{r.busy_s:.3f}" if r.busy_s else ""])
