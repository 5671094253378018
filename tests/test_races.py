"""Group rules hold when two editors save at the same moment.

``Match.clean`` checks the group rules (both teams are members of the group, no
team plays twice in a round of it) and the group page refuses to remove a team
that has matches in the group; all of them read other rows without a lock. Two
editors can each pass them and then both save: two matches for one team in one
round, or a match stored for a team that has just left the group, which the
table then ignores while the results list shows it.

Every save and every removal checks the rules again under a lock on the group's
row, held to the commit: of two editors who both passed validation, the second
is refused with the message validation gives.

The races need two connections and real row locks: those tests run on
PostgreSQL only (skipped on SQLite; failed with REQUIRE_POSTGRES=1, as .ci/run
sets). The save-time check itself is tested on either database, without
threads: a change that passed validation before a conflicting one was saved.
"""

import os
import threading
import time

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from tests.test_admin import add_row, admin_url, inline_formset, page_data, set_row, snapshot
from tests.test_concurrency import fresh_table, stored_table
from tournaments import services
from tournaments.models import Group, GroupMember, Match, Team

BARRIER_TIMEOUT = 10  # seconds; a thread stuck longer than this is a failure, not a hang
JOIN_TIMEOUT = 30
HOLD_TIMEOUT = 3  # seconds the first editor waits for the second to block on its lock
ROUND = 6  # the 1996 final group played five rounds: round 6 is free


def team(slug):
    return Team.objects.get(slug=slug)


def new_match(group, home, away, round_number=ROUND):
    return Match(
        group=group,
        round=round_number,
        home_team=home,
        away_team=away,
        home_score=1,
        away_score=0,
        status=Match.Status.PLAYED,
    )


def matches_of(group, club, round_number=None):
    matches = Match.objects.filter(group=group).filter(Q(home_team=club) | Q(away_team=club))
    return matches if round_number is None else matches.filter(round=round_number)


# --- PostgreSQL: two editors, two connections -------------------------------------


@pytest.fixture
def postgresql_only():
    if connection.vendor == "postgresql":
        return
    reason = f"needs PostgreSQL (DATABASE_URL=postgres://...); the database is {connection.vendor}"
    if os.environ.get("REQUIRE_POSTGRES", "").strip().lower() in {"1", "true", "yes", "on"}:
        pytest.fail(f"REQUIRE_POSTGRES is set but the test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def final_group(postgresql_only, transactional_db):
    """The 1996 final group, committed, so that every thread's connection sees it."""
    call_command("loaddata", "departments", "copa_peru_1996", verbosity=0)
    return Group.objects.get(slug="final-group-stage")


class Editor(threading.Thread):
    """One editor on their own connection: validates, waits until the other editor
    has validated too, then writes in one transaction.

    The ``first`` editor writes at once and keeps its transaction open until the
    other is blocked on a lock it holds (or ``HOLD_TIMEOUT`` has passed: without a
    lock, the other never is); the other writes once the first has written. So the
    second write always starts before the first is committed, as in a real race.
    A ValidationError from ``write`` is the refusal under test (``refused``);
    anything else a failure (``error``).
    """

    def __init__(self, name, validate, write, *, first, barrier, written):
        super().__init__(name=name)
        self.validate, self.write, self.first = validate, write, first
        self.barrier, self.written = barrier, written
        self.refused = self.error = None
        self.blocked_the_other = False

    def run(self):
        try:
            self.validate()
            self.barrier.wait()
            if not self.first and not self.written.wait(BARRIER_TIMEOUT):
                raise TimeoutError("the first editor never wrote")
            try:
                with transaction.atomic():
                    self.write()
                    if self.first:
                        self.written.set()
                        self.blocked_the_other = another_waits_for_my_lock()
            except ValidationError as refusal:
                self.refused = refusal
        except Exception as error:  # reported by the main thread
            self.barrier.abort()
            self.written.set()
            self.error = error
        finally:
            connections.close_all()


def another_waits_for_my_lock():
    """True once another connection waits for a lock this one holds; False after
    HOLD_TIMEOUT seconds without."""
    deadline = time.monotonic() + HOLD_TIMEOUT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else frozen for the transaction
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.01)
    return False


def race(first, second):
    """Run two editors, ``first`` = (name, validate, write) writing first; returns them."""
    barrier, written = threading.Barrier(2, timeout=BARRIER_TIMEOUT), threading.Event()
    editors = [
        Editor(*editor, first=editor is first, barrier=barrier, written=written)
        for editor in (first, second)
    ]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join(JOIN_TIMEOUT)
    assert not [editor.name for editor in editors if editor.is_alive()], "an editor is stuck"
    errors = [editor.error for editor in editors if editor.error is not None]
    if errors:
        raise ExceptionGroup("an editor failed", errors)
    return editors


@pytest.mark.postgres
def test_of_two_editors_adding_a_match_for_one_team_in_one_round_the_second_is_refused(
    final_group,
):
    galvez = team("jose-galvez")
    first, second = (
        (str(match), match.full_clean, match.save)
        for match in (
            new_match(final_group, galvez, team("utc")),
            new_match(final_group, team("cni"), galvez),
        )
    )

    first, second = race(first, second)

    assert first.refused is None
    assert second.refused is not None, "both matches were saved"
    assert "José Gálvez already plays in round 6" in str(second.refused)
    assert first.blocked_the_other, "the second editor never waited for the group's lock"
    assert matches_of(final_group, galvez, ROUND).get().away_team.slug == "utc"
    assert stored_table(final_group) == fresh_table(final_group)


@pytest.mark.postgres
@pytest.mark.parametrize("removal", ["delete the member", "group.teams.remove"])
@pytest.mark.parametrize("first", ["removal", "match"])
def test_a_team_leaving_its_group_while_another_editor_adds_its_match_stays_consistent(
    final_group, removal, first
):
    sachapuyos = team("sachapuyos")
    member = GroupMember.objects.create(group=final_group, team=sachapuyos)
    match = new_match(final_group, sachapuyos, team("utc"))

    def may_leave():  # what the group page checks before removing a team
        assert member.leaving_error() is None

    def leave():
        if removal == "delete the member":
            member.delete()
        else:
            final_group.teams.remove(sachapuyos)

    editors = {
        "removal": ("remove Sachapuyos", may_leave, leave),
        "match": ("add Sachapuyos 1–0 UTC", match.full_clean, match.save),
    }
    later = editors["match" if first == "removal" else "removal"]
    first, second = race(editors[first], later)

    assert first.refused is None
    assert second.refused is not None, "the team left the group and its match was saved"
    assert first.blocked_the_other, "the second editor never waited for the group's lock"
    still_member = GroupMember.objects.filter(pk=member.pk).exists()
    assert still_member is (first.name == "add Sachapuyos 1–0 UTC")
    assert matches_of(final_group, sachapuyos).exists() is still_member
    message = str(second.refused)
    assert ("has 1 match in this group" if still_member else "is not in") in message
    assert stored_table(final_group) == fresh_table(final_group)
    assert (sachapuyos.pk in [row[0] for row in stored_table(final_group)]) is still_member


# --- either database: the save-time check, without threads ------------------------


def test_a_match_that_passed_validation_is_refused_once_its_team_has_a_match_in_the_round(
    season_1996, on_commit
):
    galvez = team("jose-galvez")
    first = new_match(season_1996, galvez, team("utc"))
    second = new_match(season_1996, team("cni"), galvez)
    first.full_clean()
    second.full_clean()
    with on_commit():
        first.save()

    with pytest.raises(ValidationError) as refusal:
        second.save()

    with pytest.raises(ValidationError) as validation:
        second.full_clean()
    assert refusal.value.message_dict == validation.value.message_dict
    assert "José Gálvez already plays in round 6" in str(refusal.value.message_dict["away_team"])
    assert second.pk is None
    assert matches_of(season_1996, galvez, ROUND).get() == first


def test_a_match_whose_team_left_the_group_after_validation_is_refused(season_1996):
    sachapuyos = team("sachapuyos")
    member = GroupMember.objects.create(group=season_1996, team=sachapuyos)
    match = new_match(season_1996, sachapuyos, team("utc"))
    match.full_clean()
    member.delete()

    with pytest.raises(ValidationError) as refusal:
        match.save()

    assert "Sachapuyos is not in Liguilla final" in str(refusal.value.message_dict["home_team"])
    assert not matches_of(season_1996, sachapuyos).exists()


def test_saving_a_match_checks_the_group_rules_with_three_reads(season_1996):
    """The group's lock, its members among the two teams, the round's other matches."""
    match = new_match(season_1996, team("jose-galvez"), team("utc"))
    with CaptureQueriesContext(connection) as queries:
        match.save()
    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    assert len(reads) == 3
    assert ' FROM "tournaments_group" ' in reads[0]
    if connection.features.has_select_for_update:
        assert reads[0].endswith("FOR UPDATE")


def test_a_raw_save_as_by_loaddata_reads_no_row(season_1996):
    """Fixtures are trusted: a raw save is not checked again (signals.py's rule)."""
    [stored] = serializers.deserialize(
        "json", serializers.serialize("json", [Match.objects.filter(group=season_1996).first()])
    )
    with CaptureQueriesContext(connection) as queries:
        stored.save()
    assert [query["sql"] for query in queries if query["sql"].startswith("SELECT")] == []


def leave_by_delete(member):
    member.delete()


def leave_by_queryset(member):
    GroupMember.objects.filter(pk=member.pk).delete()


def leave_by_teams_remove(member):
    member.group.teams.remove(member.team)


def leave_by_groups_clear(member):
    member.team.groups.clear()


@pytest.mark.parametrize(
    "leave", [leave_by_delete, leave_by_queryset, leave_by_teams_remove, leave_by_groups_clear]
)
def test_a_team_whose_match_was_saved_after_validation_cannot_leave_the_group(
    season_1996, on_commit, leave
):
    sachapuyos = team("sachapuyos")
    member = GroupMember.objects.create(group=season_1996, team=sachapuyos)
    assert not matches_of(season_1996, sachapuyos).exists()  # what the group page checks
    with on_commit():
        new_match(season_1996, sachapuyos, team("utc")).save()

    # A savepoint: a deletion is refused inside its transaction, which can't go on.
    with pytest.raises(ValidationError) as refusal, transaction.atomic():
        leave(member)

    assert "Sachapuyos has 1 match in this group" in " ".join(refusal.value.messages)
    assert GroupMember.objects.filter(pk=member.pk).exists()


def test_a_member_with_matches_cannot_become_another_team(season_1996):
    member = GroupMember.objects.get(group=season_1996, team__slug="utc")
    member.team = team("sachapuyos")

    with pytest.raises(ValidationError) as validation:
        member.full_clean()
    with pytest.raises(ValidationError) as refusal:
        member.save()

    assert refusal.value.messages == validation.value.messages
    assert "UTC has 5 matches in this group" in " ".join(refusal.value.messages)
    assert GroupMember.objects.get(pk=member.pk).team.slug == "utc"


def test_a_member_without_matches_can_leave_or_become_another_team(season_1996, on_commit):
    member = GroupMember.objects.create(group=season_1996, team=team("sachapuyos"))
    member.team = Team.objects.create(name="Deportivo Municipal", slug="deportivo-municipal")
    member.full_clean()
    member.save()
    with on_commit():
        season_1996.teams.remove(member.team)
    assert season_1996.members.count() == 6


def test_deleting_a_group_takes_its_members_and_matches(season_1996, on_commit):
    with on_commit():
        season_1996.delete()
    assert not GroupMember.objects.filter(group_id=season_1996.pk).exists()
    assert not Match.objects.filter(group_id=season_1996.pk).exists()


# --- the admin: a refusal at save time is shown, not a server error --------------


@pytest.fixture
def stale_first_check(monkeypatch):
    """The first check of a new match, or of a removal, misses the row it conflicts
    with, as when another editor commits that row between this editor's validation
    and save. Returns the kinds of checks that missed it."""
    missed = set()

    def stale(kind, check, missing):
        def checked(self, *args, **kwargs):
            if kind not in missed and (kind == "removal" or self.pk is None):
                missed.add(kind)
                return missing
            return check(self, *args, **kwargs)

        return checked

    monkeypatch.setattr(Match, "_group_errors", stale("match", Match._group_errors, {}))
    monkeypatch.setattr(
        GroupMember, "leaving_error", stale("removal", GroupMember.leaving_error, None)
    )
    return missed


def another_editors_match(group):
    """Stored after this editor's page was shown, past the checks, its standings with it."""
    Match.objects.bulk_create([new_match(group, team("jose-galvez"), team("utc"))])
    services.recompute_group(group.pk)


def test_the_group_page_shows_a_match_refused_at_save_time_on_its_row(
    admin_client, season_1996, stale_first_check
):
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    another_editors_match(season_1996)
    index = add_row(
        data,
        "matches",
        round=ROUND,
        home_team=team("cni"),
        away_team=team("utc"),
        home_score=0,
        away_score=0,
        status="played",
    )
    before = snapshot()

    response = admin_client.post(url, data)

    assert stale_first_check == {"match"}
    assert response.status_code == 200
    errors = inline_formset(response, "matches").forms[index].errors
    assert "UTC already plays in round 6 of this group" in str(errors["away_team"])
    assert snapshot() == before


def test_the_match_form_shows_a_match_refused_at_save_time_on_its_field(
    admin_client, season_1996, stale_first_check
):
    url = admin_url("match", "add")
    data = page_data(admin_client, url)
    data.update(
        group=season_1996.pk,
        round=1,
        home_team=team("cni").pk,
        away_team=team("utc").pk,
        status="scheduled",
    )
    before = snapshot()

    response = admin_client.post(url, data)

    assert stale_first_check == {"match"}
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "UTC already plays in round 1 of this group" in str(errors["away_team"])
    assert snapshot() == before


def test_the_group_page_shows_a_removal_refused_at_save_time(
    admin_client, season_1996, stale_first_check
):
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    member = GroupMember.objects.get(group=season_1996, team__slug="utc")
    set_row(data, "members", member.pk, DELETE="on")

    response = admin_client.post(url, data)

    assert stale_first_check == {"removal"}
    assert response.status_code == 200
    assert "UTC has 5 matches in this group" in str(
        inline_formset(response, "members").non_form_errors()
    )
    assert GroupMember.objects.filter(pk=member.pk).exists()


def test_a_change_refused_twice_at_save_time_comes_back_with_the_reason(
    admin_client, season_1996, monkeypatch
):
    url = admin_url("group", "change", season_1996.pk)
    data = page_data(admin_client, url)
    another_editors_match(season_1996)
    add_row(
        data,
        "matches",
        round=ROUND,
        home_team=team("cni"),
        away_team=team("utc"),
        home_score=0,
        away_score=0,
        status="played",
    )
    before = snapshot()
    monkeypatch.setattr(Match, "clean", lambda self: None)  # every validation is stale

    response = admin_client.post(url, data, follow=True)

    assert response.redirect_chain == [(url, 302)]
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Not saved: another editor changed the group meanwhile.")
    assert "UTC already plays in round 6 of this group" in message
    assert snapshot() == before
