"""The one table of results: measurement, value, ratio, notes; printed and written to Markdown."""

import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

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
    aim: float
    higher_is_better: bool
    unit: str = "×"

    def verdict(self, value):
        sign = "≥" if self.higher_is_better else "≤"
        met = value >= self.limit if self.higher_is_better else value <= self.limit
        aimed = value >= self.aim if self.higher_is_better else value <= self.aim
        outcome = "aim reached" if aimed else "met" if met else "MISSED"
        return f"target {sign} {self.limit:g}{self.unit} (aim {self.aim:g}{self.unit}): {outcome}"


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


def time_runs(fn, repeat, setup=None, warmup=False, queries=True):
    count = None
    if warmup:
        if setup:
            setup()
        with CaptureQueriesContext(connection) as captured:
            fn()
        count = len(captured.captured_queries)
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        if queries and not warmup:
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                result = fn()
                times.append(time.perf_counter() - start)
            count = len(captured.captured_queries)
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
