"""A recompute writes only the rows whose values changed."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import GroupFactory, GroupMemberFactory, TeamFactory, play, table
from tournaments import services
from tournaments.models import Group, Match, Standing


def standing_ids(group):
    return dict(Standing.objects.filter(group=group).values_list("team__name", "pk"))


def writes(captured):
    """The INSERT, UPDATE and DELETE statements, by table."""
    statements = [q["sql"].split()[0].upper() + " " + q["sql"] for q in captured]
    return [
        s.split()[0]
        for s in statements
        if s.split()[0] in ("INSERT", "UPDATE", "DELETE") and "standing" in s.lower()
    ]


def test_a_result_that_moves_nobody_rewrites_only_its_two_teams_rows(league, on_commit):
    group, (alfa, beta, gamma, delta) = league
    with on_commit():
        match = play(group, alfa, beta, 2, 0)
        play(group, gamma, delta, 1, 0, round=1)
    before = standing_ids(group)
    with CaptureQueriesContext(connection) as captured:
        services.recompute_group(group.pk)
    assert writes(captured.captured_queries) == []  # nothing changed: nothing written
    match.home_score = 3
    with on_commit():
        match.save()
    after = standing_ids(group)
    assert {name for name in before if after[name] != before[name]} == {"Alfa", "Beta"}
    assert table(group)[0] == ("Alfa", 1, 1, 3)
    assert Standing.objects.get(group=group, team=alfa).goals_for == 3


def test_teams_that_swap_places_are_stored_right(league, on_commit):
    group, (alfa, beta, *_) = league
    with on_commit():
        match = play(group, alfa, beta, 1, 0)
    assert [row[0] for row in table(group)][0] == "Alfa"
    match.home_score, match.away_score = 0, 1
    with on_commit():
        match.save()
    assert [row[0] for row in table(group)][0] == "Beta"
    stored = list(
        Standing.objects.filter(group=group).order_by("row").values_list("team__name", "row")
    )
    computed = services.compute_group_table(Group.objects.get(pk=group.pk))
    assert [name for name, _ in stored] == [
        Standing(team_id=row.team).team.name for row in computed
    ]


def test_the_cost_of_a_recompute_does_not_grow_with_the_group(db):
    """The same reads, and at most one delete and one insert, however many
    rows there are (the delete included: no row-by-row delete)."""
    reads = []
    for size in (4, 20):
        group = GroupFactory()
        teams = [TeamFactory() for _ in range(size)]
        for team in teams:
            GroupMemberFactory(group=group, team=team)
        match = play(group, teams[0], teams[1], 1, 0)
        for home, away in zip(teams[2::2], teams[3::2], strict=False):
            play(group, home, away, 2, 1)
        services.recompute_group(group.pk)
        Match.objects.filter(pk=match.pk).update(home_score=5)  # no signal: recompute by hand
        with CaptureQueriesContext(connection) as captured:
            services.recompute_group(group.pk)
        statements = writes(captured.captured_queries)
        assert len(statements) <= 2, statements  # at most a delete and an insert
        reads.append(len(captured.captured_queries) - len(statements))
        assert Standing.objects.filter(group=group).count() == size
    # The group (with its stage and season), its tiebreakers, zones, published rows and
    # adjustments, its members, its results and its stored rows.
    assert reads == [8, 8]


def test_stored_rows_are_deleted_in_one_statement(league, on_commit):
    """No receiver listens to every model: Django can delete derived rows at once."""
    group, (alfa, beta, *_) = league
    with on_commit():
        play(group, alfa, beta, 1, 0)
    with CaptureQueriesContext(connection) as captured:
        Standing.objects.filter(group=group).delete()
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["DELETE"]
