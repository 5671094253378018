"""The table of results: timing a measurement, printing the rows."""

import statistics
import sys
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


class Report:
    def __init__(self):
        self.rows = []
        self.started = time.perf_counter()

    def measure(self, name, fn, repeat, setup=None, warmup=False, queries=True, note=""):
        """Time ``fn`` ``repeat`` times (``setup`` untimed before each run).

        SQL queries are counted in the warm-up run when there is one (untimed),
        else in every timed run (the counting costs microseconds a query).
        """
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
        extra = note(result) if callable(note) else note
        self.add(
            name, repeat, min(times), statistics.median(times), count if queries else None, extra
        )
        return result

    def add(self, name, runs="", best=None, median=None, queries=None, note=""):
        self.rows.append((name, runs, best, median, queries, note))
        print(f"  done: {name}", file=sys.stderr, flush=True)

    def print(self):
        header = ("benchmark", "runs", "best", "median", "SQL queries", "notes")
        lines = [
            (
                name,
                str(runs),
                "" if best is None else seconds(best),
                "" if median is None else seconds(median),
                "" if queries is None else str(queries),
                note,
            )
            for name, runs, best, median, queries, note in self.rows
        ]
        widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
        align = ["<", ">", ">", ">", ">", "<"]

        def format_line(row):
            cells = (f"{cell:{a}{w}}" for cell, a, w in zip(row, align, widths, strict=True))
            return "  ".join(cells).rstrip()

        print(format_line(header))
        print("  ".join("-" * w for w in widths))
        for line in lines:
            print(format_line(line))
        print(f"\nWhole bench: {seconds(time.perf_counter() - self.started)}")


def seconds(value):
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"
