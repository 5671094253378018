"""What writes cost once the standings follow: an editor's save, a fixture load."""

import inspect
import statistics
import time
from contextlib import contextmanager, nullcontext

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from bench.database import GENERATED_YEAR, flush, load_1996
from bench.report import Target, counting_queries, ratio, seconds, time_runs, timing_notes
from tournaments import signals
from tournaments.generation import generate_season
from tournaments.models import Group, Match, Standing

SAVE_YEAR = 2102  # a season of its own, beside the generated one
SAVE_TARGET = Target(limit=25, aim=10, higher_is_better=False, unit=" ms")
LOAD_TARGET = Target(limit=1.2, higher_is_better=False)


def bench_group_save(report, repeat):
    """One match of a 20-team double round robin saved with a new score, as the admin
    saves it: in a transaction whose commit runs the standings batch for the group."""
    season = generate_season(SAVE_YEAR, teams=20, group_size=20)
    group = (
        Group.objects.filter(stage__season=season)
        .annotate(match_count=Count("matches"))
        .order_by("-match_count")
        .first()
    )
    match = group.matches.played().order_by("pk").first()

    def save():
        match.home_score = (match.home_score + 1) % 6
        with transaction.atomic():
            match.save()

    save()  # a first edit also stores the row's history baseline: not what a save costs
    timing = time_runs(save, repeat(20))
    report.add(
        f"save a match in a {group.match_count}-match group",
        seconds(timing.median),
        notes=timing_notes(
            timing,
            f"{group.members.count()} teams; match.save() in atomic(), the standings batch at "
            "the commit; " + SAVE_TARGET.verdict(timing.median * 1e3),
        ),
    )


def bench_loaddata(report, repeat, temp_dir):
    """loaddata of the generated season, with the standings receivers and without them."""
    path, objects, matches = dump_generated_season(temp_dir / "generated-season.json")
    times = {True: [], False: []}
    after = {}  # queries of a load, standings rows after it
    for _ in range(repeat(2)):
        for connected in (True, False):  # alternately, so that noise hits both
            flush()
            load_1996()
            seconds_taken, queries = time_load(path, connected)
            times[connected].append(seconds_taken)
            after[connected] = (queries, Standing.objects.count())
    with_signals, without = (statistics.median(times[c]) for c in (True, False))
    runs = len(times[True])
    report.add(
        "loaddata generated season, signals connected",
        seconds(with_signals),
        ratio(with_signals / without),
        f"median of {runs}; {objects:,} objects ({matches:,} matches) into a database "
        f"holding 1996; the standings batch recomputes at the commit; "
        f"{after[True][0]:,} SQL queries, {after[True][1]:,} standings rows after; "
        + LOAD_TARGET.verdict(with_signals / without),
    )
    report.add(
        "loaddata generated season, receivers off",
        seconds(without),
        notes=f"median of {runs}; the same file, the receivers of tournaments/signals.py "
        f"disconnected; {after[False][0]:,} SQL queries, {after[False][1]:,} standings rows "
        "after (those of the file)",
    )


@contextmanager
def standings_receivers_disconnected():
    """Disconnect the receivers of tournaments/signals.py, whatever their senders;
    connect them again after."""
    receivers = [
        function
        for function in vars(signals).values()
        if inspect.isfunction(function) and function.__module__ == signals.__name__
    ]
    senders = [None, *apps.get_app_config("tournaments").get_models(include_auto_created=True)]
    disconnected = [
        (signal, receiver, sender)
        for signal in (pre_save, post_save, pre_delete, post_delete, m2m_changed)
        for receiver in receivers
        for sender in senders
        if signal.disconnect(receiver, sender=sender)
    ]
    if not disconnected:
        raise RuntimeError("no receiver of tournaments.signals was connected")
    try:
        yield
    finally:
        for signal, receiver, sender in disconnected:
            signal.connect(receiver, sender=sender)


def time_load(path, connected):
    """The seconds loaddata takes, and its SQL queries."""
    receivers = nullcontext() if connected else standings_receivers_disconnected()
    with receivers, counting_queries() as counter:
        start = time.perf_counter()
        call_command("loaddata", str(path), verbosity=0)
        taken = time.perf_counter() - start
    return taken, counter.count


def dump_generated_season(path):
    """Every row the generator adds to a database holding 1996 (the derived standings
    included, as dumpdata would write them), as one JSON fixture; and how many, and how
    many matches."""
    flush()
    load_1996()
    models = list(apps.get_app_config("tournaments").get_models())
    before = {model: model.objects.aggregate(last=Max("pk"))["last"] or 0 for model in models}
    generate_season(GENERATED_YEAR)
    ordered = serializers.sort_dependencies([(apps.get_app_config("tournaments"), models)])
    querysets = [model.objects.filter(pk__gt=before[model]).order_by("pk") for model in ordered]
    objects = [row for queryset in querysets for row in queryset]
    with open(path, "w") as stream:
        serializers.serialize("json", objects, stream=stream)
    return path, len(objects), sum(isinstance(row, Match) for row in objects)
