"""The public pages, rendered in this process by Django's test client."""

from django.test import Client
from django.urls import Resolver404, resolve


def bench_pages(report, repeat, year):
    client = Client()
    paths = ["/", "/seasons/1996/", f"/seasons/{year}/", f"/seasons/{year}/matches/"]
    for path in paths:
        name = f"GET {path}"
        try:
            resolve(path)
        except Resolver404:
            report.add(name, note="skipped: the URL does not resolve")
            continue
        try:
            status = client.get(path).status_code
        except Exception as error:  # a page under construction may fail: report, go on
            message = str(error).splitlines()[0][:80] if str(error) else ""
            report.add(name, note=f"skipped: {type(error).__name__}: {message}")
            continue
        if status != 200:
            note = "404" if status == 404 else ""
            report.add(name, note=f"skipped: status {status} {note}".rstrip())
            continue

        def get(path=path):
            return client.get(path)

        report.measure(
            name,
            get,
            repeat(5),
            warmup=True,
            note=lambda response: f"{len(response.content) / 1024:,.0f} KB of HTML",
        )
