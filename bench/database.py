"""The data loads and the recomputations, on the bench's database."""

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from tournaments.generation import generate_season
from tournaments.models import Group, Match, Standing
from tournaments.services import recompute_group, recompute_groups

GENERATED_YEAR = 2101


def flush():
    call_command("flush", interactive=False, verbosity=0)


def load_1996():
    call_command("loaddata", "departments", "copa_peru_1996", verbosity=0)
    return Standing.objects.count()


def bench_database(report, repeat):
    # loaddata's transaction commits inside the call, so the standings batch it
    # queues (signals) runs, and is timed, before call_command returns.
    report.measure(
        "loaddata departments copa_peru_1996",
        load_1996,
        repeat(5),
        setup=flush,
        note=lambda count: f"into an empty database; {count} standings rows after the commit",
    )

    def fresh_1996():
        flush()
        load_1996()

    season = report.measure(
        "generate_season (defaults)",
        lambda: generate_season(GENERATED_YEAR),
        repeat(3),
        setup=fresh_1996,
        note=lambda s: (
            f"{s.entries.count()} teams, {Match.objects.for_season(s).count():,} matches, "
            f"{Group.objects.filter(stage__season=s).count()} groups; bulk_create"
        ),
    ).result
    bench_recomputes(report, repeat, season)
    return season


def bench_recomputes(report, repeat, season):
    group = (
        Group.objects.filter(stage__season=season, stage__kind="round_robin")
        .order_by("stage__order", "order")
        .first()
    )
    members = group.members.count()
    matches = group.matches.count()
    report.measure(
        "recompute_group, one group",
        lambda: recompute_group(group.pk),
        repeat(20),
        warmup=True,
        note=f"{members} teams, {matches} matches",
    )
    groups = Group.objects.filter(stage__season=season)
    report.measure(
        "recompute_groups, whole generated season",
        lambda: recompute_groups(groups),
        repeat(3),
        warmup=True,
        note=f"{groups.count()} groups (knockout ties included: rows deleted, none written)",
    )


def sample_pages():
    """The paths of a 1996 team page and a 1996 match page (for the HTTP bench)."""
    match = Match.objects.filter(group__stage__season__year=1996).order_by("pk").first()
    with translation.override(settings.LANGUAGE_CODE):
        return {"team": match.home_team.get_absolute_url(), "match": match.get_absolute_url()}
