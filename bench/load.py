"""Load benchmark: gunicorn on loopback with production settings (DEBUG off, the page cache on) over a
scratch database of the demo data (×1) or N times it, and `wrk` (Debian: apt-get install wrk) over the
public pages and the floor (/healthz, one query) in one interleaved run: each round gives every page
DURATION seconds, ROUNDS rounds. Prints req/s, p50/p99 and the ratio to the floor's req/s per page.

    make bench-load                    # or: .venv/bin/python bench/load.py [--factor N] [--seconds S] [--rounds R]
    .venv/bin/python bench/load.py --factor 100 --rounds 0 --soak 180   # the soak alone

`--soak S` (0: none; `make bench-load` runs SOAK=180 when given) then runs wrk at 64 connections for S
seconds over all the pages in turn (a Lua script rotates the paths) and prints the requests, errors
(non-2xx/3xx, socket errors, timeouts) and each worker's resident memory before and after.

`--files` then downloads each streamed file (IATI activities, the aid items' and delegations' CSV and
JSON) once, to the last byte, and prints its size, time and how far the peak resident memory of the
worker that served it (VmHWM) rose over its peak before: the files stream with bounded memory.

The scratch database is the one bench/public_pages.py builds (run `make bench-public` first, or with
FACTOR=N): this script never rebuilds it. CACHE_URL is used as given; unset, Redis at
redis://127.0.0.1:6379/5 when the machine runs it (the shared cache as deployed), else a local-memory
cache per worker.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import ROOT, use_scratch_database


def arg(name: str, default: int) -> int:
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


FACTOR = arg("--factor", 1)
SECONDS = arg("--seconds", 5)
ROUNDS = arg("--rounds", 2)
PORT = arg("--port", 8765)
WORKERS = arg("--workers", 3)
SOAK = arg("--soak", 0)
FILES = [
    "/iati/activities.xml",
    "/vien-tro/?format=csv",
    "/vien-tro/?format=json",
    "/doan-ra-doan-vao/?format=csv",
    "/doan-ra-doan-vao/?format=json",
]
SOAK_CONNECTIONS = 64
PAGES = [
    ("/healthz (floor)", "/healthz"),
    ("home", "/"),
    ("news", "/tin-tuc/"),
    ("partners", "/doi-tac/"),
    ("aid", "/vien-tro/"),
    ("aid page 800", "/vien-tro/?trang=800"),
    ("delegations", "/doan-ra-doan-vao/"),
    ("search dong thoi", "/tim-kiem/?q=dong+thoi"),
    ("search loretto kid", "/tim-kiem/?q=loretto+kid"),
    ("sitemap.xml", "/sitemap.xml"),
]
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str) -> tuple[float, float, float, int]:
    """(req/s, p50 ms, p99 ms, errors) of one wrk run."""
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{SECONDS}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: float(v) * UNIT[u] for p, v, u in re.findall(r"\s(50|99)%\s+([\d.]+)(us|ms|s)\b", out)}
    errors = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|connect|read|write|timeout) (\d+)", out))
    return rps, latency.get("50", 0.0), latency.get("99", 0.0), errors


def workers_rss(server_pid: int, field: str = "VmRSS") -> dict[int, float]:
    """{pid: resident MB} of the gunicorn workers (the server's children), read from /proc (`field`
    VmHWM: the peak so far)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip()) == server_pid and field in fields:
            found[int(entry.name)] = int(fields[field].split()[0]) / 1024
    return found


def soak(base: str, server_pid: int) -> None:
    """wrk at SOAK_CONNECTIONS connections for SOAK seconds over every page in turn."""
    script = Path(f"/tmp/bench-load-soak-{os.getpid()}.lua")
    paths = ", ".join(f'"{path}"' for _label, path in PAGES)
    script.write_text(
        f"paths = {{{paths}}}\ni = 0\n"
        "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
    )
    before = workers_rss(server_pid)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{SOAK_CONNECTIONS}", f"-d{SOAK}s", "--timeout", "10s", "--latency", "-s", str(script)]
            + [base + "/"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        script.unlink(missing_ok=True)
    after = workers_rss(server_pid)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: float(v) * UNIT[u] for p, v, u in re.findall(r"\s(50|99)%\s+([\d.]+)(us|ms|s)\b", out)}
    errors = re.findall(r"(Non-2xx or 3xx responses|connect|read|write|timeout) (\d+)", out)
    print(f"soak: {SOAK} s, wrk -t2 -c{SOAK_CONNECTIONS} over the {len(PAGES)} pages in turn")
    print(f"  {total} requests, {rps:.0f} req/s, p50 {latency.get('50', 0):.1f} ms, p99 {latency.get('99', 0):.1f} ms")
    print(f"  errors: {sum(int(n) for _kind, n in errors)} ({', '.join(f'{k} {n}' for k, n in errors) or 'none'})")
    for pid in sorted(set(before) | set(after)):
        was, now = before.get(pid), after.get(pid)
        print(f"  worker {pid}: RSS {was or 0:.0f} MB → {now or 0:.0f} MB" + ("" if was and now else " (restarted)"))
    print(f"  load average after: {os.getloadavg()[0]:.1f}")


def files(base: str, server_pid: int) -> None:
    """Each streamed file once, to the last byte: size, time, and the rise of the serving worker's peak
    resident memory (the largest rise among the workers: only the one serving it moves)."""
    print(f"{'file':32} {'MB':>7} {'s':>6} {'peak RSS before → after, MB':>30}")
    for path in FILES:
        before = workers_rss(server_pid, "VmHWM")
        started = time.monotonic()
        size = 0
        try:
            with urllib.request.urlopen(base + path, timeout=600) as response:
                while chunk := response.read(1 << 16):
                    size += len(chunk)
        except urllib.error.HTTPError as error:  # IATI: 404 until the site identity has an IATI identifier
            print(f"{path:32} HTTP {error.code}: {error.read().decode()[:80]}")
            continue
        took = time.monotonic() - started
        after = workers_rss(server_pid, "VmHWM")
        pid = max(after, key=lambda p: after[p] - before.get(p, after[p]))
        rise = after[pid] - before.get(pid, after[pid])
        print(f"{path:32} {size / 1e6:7.1f} {took:6.1f} {before.get(pid, 0):13.0f} → {after[pid]:.0f} (+{rise:.0f})")


def main() -> int:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    use_scratch_database("friendship_union_bench_public" + (f"_x{FACTOR}" if FACTOR > 1 else ""))
    env = {**os.environ, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "WEB_CONCURRENCY": str(WORKERS)}
    env.pop("PAGE_CACHE_SECONDS", None)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "friendship_union.wsgi", "--workers", str(WORKERS)]
        + ["--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        for _label, path in PAGES:  # warm every worker's templates and the cache
            for _ in range(WORKERS * 2):
                urllib.request.urlopen(base + path, timeout=30).read()
        results = {path: [] for _label, path in PAGES}
        for _ in range(ROUNDS):
            for _label, path in PAGES:
                results[path].append(wrk(base + path))
        if SOAK:
            soak(base, server.pid)
        if "--files" in sys.argv:
            files(base, server.pid)
        if not ROUNDS:
            return 0
        floor = max(r[0] for r in results["/healthz"])
        print(f"×{FACTOR} data, gunicorn {WORKERS} workers, wrk -t2 -c16, {ROUNDS}×{SECONDS} s per page")
        print(f"{'page':20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'/floor':>7} {'errors':>6}")
        for label, path in PAGES:
            best = max(results[path])
            errors = sum(r[3] for r in results[path])
            print(f"{label:20} {best[0]:8.0f} {best[1]:8.1f} {best[2]:8.1f} {best[0] / floor:7.2f} {errors:6d}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
