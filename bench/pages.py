"""The public pages, rendered in this process by Django's test client.

The bench runs with CACHE_URL=dummy://, so every request renders its page
afresh: these are cold renders, the cost of the first visitor after a change.
"""

from django.test import Client
from django.urls import Resolver404, resolve

from bench.report import Target, ratio, seconds
from tournaments.models import Match

BIG_TO_1996 = Target(limit=8, aim=5, higher_is_better=False)


def bench_pages(report, repeat, year):
    """Time each page; return the timings of those that rendered, by path."""
    client = Client()
    paths = [
        "/",
        "/seasons/1996/",
        f"/seasons/{year}/",
        f"/seasons/{year}/first-stage/group-a/",
        f"/seasons/{year}/matches/",
    ]
    timings = {}
    for path in paths:
        name = f"GET {path}"
        problem = page_problem(client, path)
        if problem:
            report.add(name, notes=f"skipped: {problem}")
            continue

        def get(path=path):
            return client.get(path)

        timings[path] = report.measure(
            name,
            get,
            repeat(3 if path == f"/seasons/{year}/" else 5),  # seconds a run: fewer of them
            warmup=True,
            note=lambda response: f"{len(response.content) / 1024:,.0f} KB of HTML; cold render",
        )
    compare_cold_renders(report, timings, year)


def page_problem(client, path):
    """Why the page cannot be timed, or None."""
    try:
        resolve(path)
    except Resolver404:
        return "the URL does not resolve"
    try:
        status = client.get(path).status_code
    except Exception as error:  # a page under construction may fail: report, go on
        message = str(error).splitlines()[0][:80] if str(error) else ""
        return f"{type(error).__name__}: {message}"
    return None if status == 200 else f"status {status}"


def compare_cold_renders(report, timings, year):
    big, small = timings.get(f"/seasons/{year}/"), timings.get("/seasons/1996/")
    name = f"cold render /seasons/{year}/ ÷ /seasons/1996/"
    if big is None or small is None:
        report.add(name, notes="skipped: a page did not render")
        return
    times = big.median / small.median
    sizes = len(big.result.content) / len(small.result.content)
    matches = [Match.objects.filter(group__stage__season__year=y).count() for y in (year, 1996)]
    report.add(
        name,
        f"{seconds(big.median)} / {seconds(small.median)}",
        ratio(times),
        f"{matches[0]:,} / {matches[1]:,} matches; HTML {sizes:.0f}× the size; "
        + BIG_TO_1996.verdict(times),
    )
