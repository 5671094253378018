"""Requests per second through gunicorn, measured by wrk beside a static file.

For each database, gunicorn runs twice with deploy/gunicorn.conf.py: with the
page cache (a file cache in a temporary directory) and without it
(CACHE_URL=dummy://). wrk loads the static file, then a page, then the static
file again, and so on: each page's ratio is to the static runs on either side,
so the noise of a shared machine hits both. No Django in this process: the
servers, wrk and the seeding are subprocesses.
"""

import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from http.client import HTTPConnection
from pathlib import Path
from statistics import mean

from bench.report import Target, ratio

ROOT = Path(__file__).resolve().parent.parent
STATIC_PATH = "/static/css/site.css"
HELLO_PATH = "/bench/hello/"
HEADERS = {"Accept-Encoding": "gzip"}  # as browsers send it: the cache and whitenoise gzip
ROUNDS = 3  # runs of a page with a target: their median ratio is its figure
TARGETS = {
    ("page cache", "/seasons/1996/"): Target(limit=0.6, aim=0.75, higher_is_better=True),
    ("no cache", "/seasons/1996/"): Target(limit=0.03, aim=0.05, higher_is_better=True),
}


@dataclass(frozen=True)
class LoadOptions:
    threads: int = 2
    connections: int = 16
    duration: int = 3  # seconds of each wrk run
    workers: int = 2


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    requests: int
    errors: int


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen
    port: int


@dataclass(frozen=True)
class Database:
    label: str  # "SQLite", "PostgreSQL"
    url: str
    pages: dict | None  # the team and match paths; None: seed the database first


def bench_http(report, databases, options, temp_dir, year):
    """Each database holds 1996 and the generated season ``year`` (or is seeded so)."""
    if shutil.which("wrk") is None:
        report.add("HTTP", notes="skipped: wrk is not installed (apt-get install wrk)")
        return
    static_root = temp_dir / "static"
    collect_static(server_environment("sqlite://", "dummy://", static_root, options))
    for database in databases:
        pages = database.pages or seed(database.url, static_root, options)
        paths = ["/", "/seasons/1996/", "/seasons/1996/matches/", pages["team"]]
        paths += [pages["match"], "/teams/", f"/seasons/{year}/"]
        cache_dir = temp_dir / f"cache-{database.label}"
        for cache, cache_url in (("page cache", f"file://{cache_dir}"), ("no cache", "dummy://")):
            environment = server_environment(database.url, cache_url, static_root, options)
            log = temp_dir / f"gunicorn-{database.label}-{cache.replace(' ', '-')}.log"
            with gunicorn(environment, log) as server:
                measure_server(report, server, (database.label, cache), paths, options)


def measure_server(report, server, labels, paths, options):
    """wrk on the static file, then a page, then the static file again, and so on."""
    label = f"HTTP {', '.join(labels)}"
    warm = {path: warm_up(server, path) for path in [STATIC_PATH, HELLO_PATH, *paths]}
    for path, (problem, _) in warm.items():
        if problem:
            report.add(f"{label}: {path}", notes=f"skipped: {problem}")
    if warm[STATIC_PATH][0]:
        return
    statics = [run_wrk(server, STATIC_PATH, options)]
    samples = {}
    for path in [HELLO_PATH, *paths]:
        problem, seconds_taken = warm[path]
        if problem:
            continue
        used = options_for(seconds_taken, options)
        for _round in range(rounds_of(labels, path)):
            load = run_wrk(server, path, used)
            statics.append(run_wrk(server, STATIC_PATH, options))
            around = (statics[-2].requests_per_second + statics[-1].requests_per_second) / 2
            samples.setdefault(path, []).append(Sample(load, used, around))
    add_rows(report, labels, statics, samples, options)


@dataclass(frozen=True)
class Sample:
    load: Load
    used: LoadOptions
    static_around: float  # the mean rate of the static runs either side

    @property
    def share(self):
        return self.load.requests_per_second / self.static_around


def rounds_of(labels, path):
    """How many runs a path gets: ROUNDS for a page with a target and for Django's floor
    beside it (one run of a page moved by a third between bench runs), else one."""
    return ROUNDS if (labels[1], path) in TARGETS or path == HELLO_PATH else 1


def warm_up(server, path):
    """Why the page cannot be loaded (or None), and the seconds of a second GET: the
    first one fills the page cache, or loads the templates."""
    status, _ = get(server, path)
    if status != 200:
        return f"status {status}", 0
    status, seconds_taken = get(server, path)
    return (None if status == 200 else f"status {status}"), seconds_taken


def options_for(seconds_taken, options):
    """For a page so slow that the requests wrk leaves queued would take twice a run to
    serve: as many connections as workers (a sync worker serves one request at a time
    anyway), and a run long enough for a few renders per worker."""
    if seconds_taken * options.connections / options.workers <= 2 * options.duration:
        return options
    longer = max(options.duration, math.ceil(4 * seconds_taken))
    return replace(options, connections=options.workers, duration=longer)


def add_rows(report, labels, statics, samples, options):
    label = f"HTTP {', '.join(labels)}"
    rates = [load.requests_per_second for load in statics]
    report.add(
        f"{label}: {STATIC_PATH}",
        per_second(mean(rates)),
        ratio(1),
        f"mean of {len(rates)} runs, before and after each page: {min(rates):,.0f} to "
        f"{max(rates):,.0f} req/s; whitenoise",
    )
    for path, runs in samples.items():
        middle = sorted(runs, key=lambda sample: sample.share)[len(runs) // 2]
        load, used, share = middle.load, middle.used, middle.share
        notes = [f"static {middle.static_around:,.0f} req/s around it"]
        if len(runs) > 1:
            low, high = min(s.share for s in runs), max(s.share for s in runs)
            notes.insert(0, f"median of {len(runs)} runs, {ratio(low)} to {ratio(high)}")
        notes.append(f"{sum(sample.load.requests for sample in runs):,} requests")
        if used != options:
            notes.append(f"-c{used.connections} -d{used.duration}s: a slow page")
        if errors := sum(sample.load.errors for sample in runs):
            notes.append(f"{errors:,} errors or non-2xx")
        if path == HELLO_PATH:
            notes.append("Django's floor, a view that renders nothing")
        if target := TARGETS.get((labels[1], path)):
            notes.append(target.verdict(share))
        report.add(
            f"{label}: {path}", per_second(load.requests_per_second), ratio(share), "; ".join(notes)
        )


def per_second(rate):
    return f"{rate:,.0f} req/s" if rate >= 10 else f"{rate:.2f} req/s"


def server_environment(database_url, cache_url, static_root, options):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": str(static_root),
        "DEBUG": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": str(options.workers),
    }
    return environment


def collect_static(environment):
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(command, cwd=ROOT, env=environment, check=True)


def seed(database_url, static_root, options):
    """Migrate and fill the database (bench/seed.py); return its pages."""
    environment = server_environment(database_url, "dummy://", static_root, options)
    command = [sys.executable, "-m", "bench.seed"]
    done = subprocess.run(command, cwd=ROOT, env=environment, check=True, capture_output=True)
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


# -- the server ----------------------------------------------------------------------------


@contextmanager
def gunicorn(environment, log_path):
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"]
    # Worker recycling off: at static-file rates max_requests restarts a worker every few
    # seconds, and each restart (Django imported again) lands on whichever run is on.
    command += ["--bind", f"127.0.0.1:{port}", "--max-requests", "0", "copaperu.wsgi"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_until_listening(port, process)
            yield Server(process, port)
        finally:
            process.terminate()
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}: see its log")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn does not listen on port {port} after {seconds} s")


def get(server, path, timeout=300):
    """The status of one GET, and the seconds it took."""
    connection = HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        start = time.perf_counter()
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    finally:
        connection.close()


def wait_until_idle(server, limit=300):
    """Wait until gunicorn has served what wrk left behind.

    wrk stops with up to one request per connection sent and unanswered, and
    gunicorn's workers still render them all: that must not eat into the next
    run. A request sent now queues behind them; then the workers' CPU time stops.
    """
    get(server, HELLO_PATH, timeout=limit)
    deadline = time.monotonic() + limit
    previous = workers_cpu_seconds(server.process.pid)
    if previous is None:
        time.sleep(1)  # no /proc to watch: a pause instead
        return
    while time.monotonic() < deadline:
        time.sleep(0.25)
        current = workers_cpu_seconds(server.process.pid)
        if current - previous < 0.02:
            return
        previous = current


def workers_cpu_seconds(pid):
    """User and system CPU time of the processes ``pid`` started, or None without /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for child in children:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15
    except (OSError, ValueError, IndexError):
        return None
    return total / os.sysconf("SC_CLK_TCK")


# -- wrk -----------------------------------------------------------------------------------


def run_wrk(server, path, options):
    command = ["wrk", f"-t{min(options.threads, options.connections)}"]
    command += [f"-c{options.connections}", f"-d{options.duration}s", "--timeout", "60s"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{server.port}{path}")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    load = parse_wrk(output)
    wait_until_idle(server)
    return load


def parse_wrk(output):
    requests = re.search(r"(\d+) requests in", output)
    per_second = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not requests or not per_second:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx[1]) if non_2xx else 0
    return Load(float(per_second[1]), int(requests[1]), errors)
