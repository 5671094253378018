"""CompiledRead and CompiledModelRead: a queryset's SQL compiled once, run again with
another key, as rows or as model instances."""

import datetime
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Count, Prefetch
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from tests.factories import GroupFactory, GroupMemberFactory, TeamFactory, VenueFactory, play
from tournaments.compiled import CompiledModelRead, CompiledRead
from tournaments.models import Group, Match, Season, Team


def test_it_returns_the_querysets_rows_for_each_key(db):
    first, second = GroupFactory(), GroupFactory()

    def build(stage_id):
        return Group.objects.filter(stage_id=stage_id).order_by("pk").values_list("pk", "name")

    read = CompiledRead(build)
    for group in (first, second, first):
        assert read(group.stage_id) == list(build(group.stage_id))
    assert read(-1) == []


def test_it_compiles_once(db):
    TeamFactory(name="Alfa")
    built = []

    def build(key):
        built.append(key)
        return Team.objects.filter(pk=key).values_list("name")

    read = CompiledRead(build)
    for team in Team.objects.all():
        assert read(team.pk) == [(team.name,)]
        assert read(team.pk) == [(team.name,)]
    assert built == list(CompiledRead.PROBES)  # compiled with two keys, once


def test_values_come_as_django_converts_them(db):
    """SQLite stores a boolean as 0 or 1; the read gives True or False, as the ORM."""
    group = GroupFactory(shows_published_table=True)
    read = CompiledRead(lambda pk: Group.objects.filter(pk=pk).values_list("shows_published_table"))
    assert read(group.pk) == [(True,)]
    assert type(read(group.pk)[0][0]) is bool


def test_a_locking_read_needs_a_transaction_every_time(transactional_db):
    """As Django's compiler would say, though it compiled the SQL only once."""
    group = GroupFactory()
    locked = Group.objects.select_for_update()
    lock = CompiledRead(lambda pk: locked.filter(pk=pk).values_list("pk"))
    with transaction.atomic():
        assert lock(group.pk) == [(group.pk,)]
    with pytest.raises(TransactionManagementError):
        lock(group.pk)


def test_a_read_that_does_not_filter_on_its_key_is_refused(db):
    read = CompiledRead(lambda key: Team.objects.values_list("pk"))
    with pytest.raises(ImproperlyConfigured):
        read(1)


def test_a_small_integer_key_works(db, season_1996):
    """Django refuses a lookup out of a field's range before any SQL is written: the
    keys it is compiled with fit any integer field (a year, a round)."""
    read = CompiledRead(lambda year: Season.objects.filter(year=year).values_list("year"))
    assert read(1996) == [(1996,)]
    assert read(1997) == []


def test_a_key_equal_to_another_parameter_is_put_only_in_its_own_place(db):
    """The key's places are where the SQL's parameters change with the key: another
    parameter that happens to equal it stays as it is."""
    alfa = TeamFactory(name="Alfa")

    def build(pk):
        return Team.objects.filter(pk=pk).exclude(pk=alfa.pk).values_list("name")

    read = CompiledRead(build)
    assert read(alfa.pk) == list(build(alfa.pk)) == []
    other = TeamFactory(name="Beta")
    assert read(other.pk) == [("Beta",)]


def test_a_read_whose_sql_changes_with_its_key_is_refused(db):
    read = CompiledRead(lambda key: Team.objects.filter(pk__in=range(key)).values_list("pk"))
    with pytest.raises(ImproperlyConfigured):
        read(3)


def group_of_teams(count):
    group = GroupFactory()
    for _ in range(count):
        GroupMemberFactory(group=group)
    return group


def matches_of_group(group_id):
    """A read with all a page's read has: related objects, an annotation, a
    prefetch, a conversion (SQLite's 0 and 1 to a boolean)."""
    return (
        Match.objects.filter(group_id=group_id)
        .select_related("home_team", "away_team", "venue")
        .annotate(goal_count=Count("goals"))
        .prefetch_related(Prefetch("home_team__aliases"))
        .order_by("pk")
    )


def fields_of(match):
    return (
        match.pk,
        match.home_team.name,
        match.away_team.name,
        match.venue and match.venue.name,
        match.counts_for_table,
        match.date,
        match.goal_count,
        list(match.home_team.aliases.all()),
    )


def test_a_model_read_returns_what_the_queryset_returns(db, django_assert_num_queries):
    first, second = group_of_teams(4), group_of_teams(2)
    a, b, c, d = (member.team for member in first.members.all())
    play(first, a, b, 1, 0, venue=VenueFactory(), counts_for_table=False)
    play(first, c, d, 2, 2, date=datetime.date(1996, 12, 1))
    play(second, *(member.team for member in second.members.all()), 0, 3)
    read = CompiledModelRead(matches_of_group)
    for group in (first, second, first):
        expected = [fields_of(match) for match in matches_of_group(group.pk)]
        with django_assert_num_queries(2):  # the matches, then the prefetch
            matches = read(group.pk)
        with django_assert_num_queries(0):  # the related objects came with them
            assert [fields_of(match) for match in matches] == expected
        assert type(matches[0].counts_for_table) is bool
    assert read(-1) == []


def test_a_model_read_compiles_once_and_runs_the_querysets_sql(db):
    group = group_of_teams(2)
    play(group, *(member.team for member in group.members.all()), 1, 1)
    built = []

    def build(group_id):
        built.append(group_id)
        return matches_of_group(group_id)

    read = CompiledModelRead(build)
    with CaptureQueriesContext(connection) as fresh:
        list(matches_of_group(group.pk))
    for _ in range(2):
        with CaptureQueriesContext(connection) as compiled:
            read(group.pk)
        assert [q["sql"] for q in compiled] == [q["sql"] for q in fresh]
    assert built == list(CompiledModelRead.PROBES)


def test_a_model_read_runs_on_the_calling_threads_connection(transactional_db):
    """Compiled in one thread, called in another: the other's own connection runs it
    (Django refuses a connection used from a thread that did not open it)."""
    group = group_of_teams(2)
    play(group, *(member.team for member in group.members.all()), 2, 0)
    read = CompiledModelRead(matches_of_group)
    expected = [fields_of(match) for match in read(group.pk)]
    seen = {}

    def call():
        try:
            with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as queries:
                seen["rows"] = [fields_of(match) for match in read(group.pk)]
            seen["queries"] = len(queries)
        except Exception as error:  # re-raised by the test's thread
            seen["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=call)
    thread.start()
    thread.join(30)
    if "error" in seen:
        raise seen["error"]
    assert seen == {"rows": expected, "queries": 2}


def test_a_locking_model_read_needs_a_transaction(transactional_db):
    group = GroupFactory()
    lock = CompiledModelRead(lambda pk: Group.objects.select_for_update().filter(pk=pk))
    with transaction.atomic():
        assert lock(group.pk) == [group]
    with pytest.raises(TransactionManagementError):
        lock(group.pk)
