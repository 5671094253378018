"""The one table of results: measurement, value, ratio, notes; printed and written to Markdown."""

import statistics
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection

HEADER = ("measurement", "value", "ratio", "notes")


@dataclass(frozen=True)
class Timing:
    result: Any  # what the last run returned
    runs: int
    best: float
    median: float
    queries: int | None


@dataclass(frozen=True)
class Target:
    """A ratio or a time to reach: ``limit`` must be met, ``aim`` is where we want to be."""

    limit: float
    higher_is_better: bool
    aim: float | None = None
    unit: str = "×"

    def verdict(self, value):
        def reached(bound):
            return value >= bound if self.higher_is_better else value <= bound

        sign = "≥" if self.higher_is_better else "≤"
        text = f"target {sign} {self.limit:g}{self.unit}"
        if self.aim is not None:
            text += f" (aim {self.aim:g}{self.unit})"
        aimed = self.aim is not None and reached(self.aim)
        outcome = "aim reached" if aimed else "met" if reached(self.limit) else "MISSED"
        return f"{text}: {outcome}"


class Report:
    def __init__(self):
        self.rows = []
        self.started = time.perf_counter()

    def add(self, measurement, value="", ratio="", notes=""):
        self.rows.append((measurement, value, ratio, notes))
        print(f"  done: {measurement}", file=sys.stderr, flush=True)

    def measure(self, name, fn, repeat, setup=None, warmup=False, queries=True, note=""):
        """Time ``fn`` ``repeat`` times (``setup`` untimed before each run); add a row.

        SQL queries are counted in the warm-up run when there is one (untimed),
        else in every timed run (the counting costs microseconds a query).
        """
        timing = time_runs(fn, repeat, setup, warmup, queries)
        extra = note(timing.result) if callable(note) else note
        self.add(name, seconds(timing.median), notes=timing_notes(timing, extra))
        return timing

    def table(self):
        """The rows as aligned plain text."""
        widths = [max(len(row[i]) for row in [HEADER, *self.rows]) for i in range(len(HEADER))]
        align = ["<", ">", ">", "<"]

        def line(row):
            cells = (f"{cell:{a}{w}}" for cell, a, w in zip(row, align, widths, strict=True))
            return "  ".join(cells).rstrip()

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([line(HEADER), rule, *(line(row) for row in self.rows)])

    def markdown(self):
        def line(row):
            return "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"

        return "\n".join([line(HEADER), "|---|--:|--:|---|", *(line(row) for row in self.rows)])

    def elapsed(self):
        return time.perf_counter() - self.started


class QueryCount:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def counting_queries():
    """Count the queries on the default database (not CaptureQueriesContext: its log
    keeps the last 9,000, fewer than a big loaddata makes)."""
    counter = QueryCount()
    with connection.execute_wrapper(counter):
        yield counter


def time_runs(fn, repeat, setup=None, warmup=False, queries=True):
    count = None
    if warmup:
        if setup:
            setup()
        with counting_queries() as counter:
            fn()
        count = counter.count
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        if queries and not warmup:
            with counting_queries() as counter:
                start = time.perf_counter()
                result = fn()
                times.append(time.perf_counter() - start)
            count = counter.count
        else:
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
    return Timing(result, repeat, min(times), statistics.median(times), count if queries else None)


def timing_notes(timing, extra=""):
    notes = f"median of {timing.runs}" if timing.runs > 1 else "1 run"
    if timing.runs > 1:
        notes += f", best {seconds(timing.best)}"
    if timing.queries is not None:
        notes += f"; {timing.queries} SQL queries"
    return f"{notes}; {extra}" if extra else notes


def seconds(value):
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def ratio(value):
    return f"{value:.3f}×" if value < 0.1 else f"{value:.2f}×" if value < 10 else f"{value:.0f}×"
