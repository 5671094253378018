"""Results pasted on a group's admin page: the line reader, the matching against the
group, and the admin page that previews them and saves them on confirm."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import (
    GroupFactory,
    GroupMemberFactory,
    PlayerFactory,
    TeamFactory,
    play,
    table,
    to_come,
)
from tournaments.models import Goal, Group, Match, TeamAlias
from tournaments.pasting import NotUnderstood, Outcome, Reading, read_line, read_results

# --- the line reader: text only ---------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "José Gálvez 2-1 UTC",
        "José Gálvez 2 - 1 UTC",
        "José Gálvez 2–1 UTC",  # en dash
        "José Gálvez 2 — 1 UTC",  # em dash
        "José Gálvez 2‒1 UTC",  # figure dash
        "José Gálvez 2−1 UTC",  # minus sign
        "José Gálvez 2:1 UTC",
        "José Gálvez 2 :1 UTC",
        "  José Gálvez\t2-1\u00a0UTC  ",  # a tab, a no-break space, stray spaces
    ],
)
def test_a_line_is_read_with_any_dash_and_with_or_without_spaces(line):
    assert read_line(line) == [Reading("José Gálvez", 2, 1, "UTC")]


@pytest.mark.parametrize(
    ("line", "reading"),
    [
        ("7 de Agosto 3-0 Sport 2 de Mayo", Reading("7 de Agosto", 3, 0, "Sport 2 de Mayo")),
        ("FBC Melgar 10 - 0 Unión Minas", Reading("FBC Melgar", 10, 0, "Unión Minas")),
        ("Atlético Grau-Piura 1-1 UTC", Reading("Atlético Grau-Piura", 1, 1, "UTC")),
        ("Alfa 007-0 Beta", Reading("Alfa", 7, 0, "Beta")),
    ],
)
def test_team_names_may_hold_digits_and_dashes(line, reading):
    assert read_line(line) == [reading]


def test_a_line_that_could_be_split_at_two_scores_gives_both_readings():
    assert read_line("Unión 1-1 2-0 Beta") == [
        Reading("Unión", 1, 1, "2-0 Beta"),
        Reading("Unión 1-1", 2, 0, "Beta"),
    ]


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("José Gálvez UTC", "No score found"),
        ("José Gálvez 2 1 UTC", "No score found"),
        ("José Gálvez 2-1", "A team is missing"),
        ("2-1 UTC", "A team is missing"),
        ("José Gálvez 100-1 UTC", "A score can't be more than 99."),
        ("José Gálvez 1-" + "9" * 5000 + " UTC", "A score can't be more than 99."),
    ],
)
def test_a_bad_line_says_why_it_was_not_understood(line, why):
    with pytest.raises(NotUnderstood, match=why):
        read_line(line)


# --- the matching against a group -------------------------------------------------


@pytest.fixture
def group(db, on_commit):
    """Round 1: José Gálvez v UTC to come, León de Huánuco 1–0 Coronel Bolognesi.
    Round 2: UTC v León de Huánuco to come, Coronel Bolognesi 2–2 José Gálvez."""
    with on_commit():
        group = GroupFactory(name="Liguilla")
        galvez = TeamFactory(name="José Gálvez", short_code="GAL")
        utc = TeamFactory(name="UTC", short_code="UTC")
        leon = TeamFactory(name="León de Huánuco", short_code="LEÓ")
        bolognesi = TeamFactory(name="Coronel Bolognesi", short_code="BOL")
        TeamAlias.objects.create(team=utc, name="Universidad Técnica de Cajamarca")
        for team in (galvez, utc, leon, bolognesi):
            GroupMemberFactory(group=group, team=team)
        to_come(group, galvez, utc, round=1)
        play(group, leon, bolognesi, 1, 0, round=1)
        to_come(group, utc, leon, round=2)
        play(group, bolognesi, galvez, 2, 2, round=2)
    return group


def match_of(group, home_code, away_code):
    return group.matches.get(home_team__short_code=home_code, away_team__short_code=away_code)


def only_result(group, line):
    (result,) = read_results(group, line).results
    return result


@pytest.mark.parametrize(
    "line",
    [
        "José Gálvez 2-1 UTC",
        "jose galvez 2-1 utc",  # without accents or case
        "JOSÉ GÁLVEZ 2-1 UTC",
        "GAL 2–1 UTC",  # short codes
        "gal 2:1 Universidad Tecnica de Cajamarca",  # an alias, without accents
    ],
)
def test_a_line_finds_its_match_by_names_codes_or_aliases(group, line):
    result = only_result(group, line)
    assert result.problem == ""
    assert result.match == match_of(group, "GAL", "UTC")
    assert (result.outcome, result.before, result.after) == (Outcome.NEW, (None, None), (2, 1))


def test_a_line_says_whether_its_score_is_new_changed_or_unchanged(group):
    paste = read_results(group, "GAL 2-1 UTC\nLEÓ 1-0 BOL\nBOL 3-1 GAL")
    outcomes = [(r.outcome, r.score_before, r.score_after) for r in paste.results]
    assert outcomes == [
        (Outcome.NEW, "", "2–1"),
        (Outcome.UNCHANGED, "1–0", "1–0"),
        (Outcome.CHANGED, "2–2", "3–1"),
    ]
    assert paste.can_save


def test_blank_lines_are_ignored_and_lines_keep_their_numbers(group):
    paste = read_results(group, "\n  \nGAL 2-1 UTC\n\nLEÓ 1-0 BOL\n")
    assert [result.number for result in paste.results] == [3, 5]
    assert paste.problems == []


def problem_of(group, text, line=1):
    paste = read_results(group, text)
    result = next(r for r in paste.results if r.number == line)
    assert result.outcome == Outcome.PROBLEM
    assert not paste.can_save
    return result.problem


def test_a_team_not_in_the_group_is_named_in_the_problem(group):
    TeamFactory(name="Sachapuyos")  # a team, but not of this group
    assert problem_of(group, "GAL 2-1 Sachapuyos") == (
        "No team of this group is called “Sachapuyos”."
    )


def test_a_code_two_teams_of_the_group_share_is_ambiguous(group):
    group.teams.filter(short_code="BOL").update(short_code="UTC")
    assert "could be more than one team" in problem_of(group, "GAL 2-1 UTC")


def test_the_name_of_one_team_that_is_the_code_of_another_is_ambiguous(group):
    group.teams.filter(short_code="BOL").update(short_code="LEÓN")
    TeamAlias.objects.create(team=group.teams.get(short_code="LEÓ"), name="León")
    assert problem_of(group, "León 2-1 UTC") == (
        "“León” could be León de Huánuco or Coronel Bolognesi."
    )


def test_a_line_with_the_teams_the_wrong_way_round_finds_no_match(group):
    assert problem_of(group, "UTC 2-1 GAL") == (
        "In this group UTC play José Gálvez only away: were the teams written the wrong way round?"
    )


def test_two_teams_of_the_group_that_never_meet_find_no_match(group):
    assert problem_of(group, "GAL 2-1 LEÓ") == (
        "No match of this group between José Gálvez and León de Huánuco."
    )


def test_two_matches_at_the_same_home_both_unplayed_are_ambiguous(group):
    galvez, utc = match_of(group, "GAL", "UTC").home_team, match_of(group, "GAL", "UTC").away_team
    to_come(group, galvez, utc, round=3)
    assert "at home to UTC in 2 matches of this group" in problem_of(group, "GAL 2-1 UTC")


def test_of_two_matches_at_the_same_home_the_one_unplayed_is_taken_and_said(group):
    first = match_of(group, "GAL", "UTC")
    first.home_score, first.away_score, first.status = 0, 0, Match.Status.PLAYED
    first.save()
    second = to_come(group, first.home_team, first.away_team, round=3)
    result = only_result(group, "GAL 2-1 UTC")
    assert (result.match, result.outcome) == (second, Outcome.NEW)
    assert result.notes == [
        "José Gálvez are at home to UTC in 2 matches of this group: "
        "this is the one without a score (round 3)."
    ]


def test_the_same_match_twice_in_a_paste_is_a_problem_on_both_lines(group):
    paste = read_results(group, "GAL 2-1 UTC\nLEÓ 1-0 BOL\nJosé Gálvez 2-1 UTC")
    problems = {result.number: result.problem for result in paste.problems}
    assert problems == {1: "This match is also on line 3.", 3: "This match is also on line 1."}
    assert not paste.can_save


def test_a_line_with_the_score_in_two_places_is_read_where_both_teams_are_named(group):
    union = TeamFactory(name="Unión 1-1")
    GroupMemberFactory(group=group, team=union)
    to_come(group, union, match_of(group, "BOL", "GAL").away_team, round=3)
    result = only_result(group, "Unión 1-1 2-0 GAL")
    assert (result.match.home_team, result.after) == (union, (2, 0))


def test_a_score_the_match_can_not_take_is_refused_as_the_model_refuses_it(group):
    match = match_of(group, "BOL", "GAL")
    Goal.objects.create(match=match, team=match.home_team, scorer=PlayerFactory(), minute=10)
    Goal.objects.create(match=match, team=match.home_team, scorer=PlayerFactory(), minute=20)
    assert problem_of(group, "BOL 1-2 GAL") == (
        "2 goals are recorded for this team: the score can't be lower."
    )


def test_the_score_of_a_walkover_is_not_changed_by_a_paste(group):
    group.matches.filter(pk=match_of(group, "LEÓ", "BOL").pk).update(
        walkover=True, home_score=3, away_score=0
    )
    assert "walkover" in problem_of(group, "LEÓ 1-0 BOL")
    assert only_result(group, "LEÓ 3-0 BOL").outcome == Outcome.UNCHANGED


def test_a_heuristic_match_of_a_name_is_said(group):
    result = only_result(group, "Deportivo José Gálvez 2-1 UTC")
    assert result.match == match_of(group, "GAL", "UTC")
    assert result.notes == ["'Deportivo José Gálvez' is José Gálvez (heuristic drop_club_prefix)"]


# --- the admin page -------------------------------------------------------------------

PASTED = "José Gálvez 2-1 UTC\nLEÓ 1–0 BOL\nbol 3 - 1 gal\n"


def paste_url(group):
    return reverse("admin:tournaments_group_paste_results", args=[group.pk])


def snapshot():
    """Everything a refused paste must leave as it was."""
    return list(Match.objects.order_by("pk").values()), Match.history.count()


def standings(group):
    return {name: (played, points) for name, _position, played, points in table(group)}


def preview(client, group, text=PASTED):
    response = client.post(paste_url(group), {"results": text, "_preview": "Preview"})
    assert response.status_code == 200
    return response


def confirm(client, group, text=PASTED, previewed=None):
    if previewed is None:
        previewed = preview(client, group, text).context["paste"].fingerprint
    data = {"results": text, "_save": "Save these results", "previewed": previewed}
    return client.post(paste_url(group), data, follow=True)


def test_the_group_page_links_to_the_paste_page(admin_client, group):
    html = admin_client.get(reverse("admin:tournaments_group_change", args=[group.pk]))
    assert f'href="{paste_url(group)}"' in html.content.decode()


def test_the_paste_page_shows_a_labelled_box_and_a_preview_button(admin_client, group):
    html = admin_client.get(paste_url(group)).content.decode()
    assert '<label for="id_results">Results, one a line:</label>' in html
    assert 'name="_preview" value="Preview"' in html
    assert 'name="_save"' not in html


def test_the_preview_lists_new_changed_and_unchanged_results_and_saves_nothing(
    admin_client, group, on_commit
):
    before = snapshot()
    with on_commit():
        response = preview(admin_client, group)
    rows = [
        (r.number, r.match.home_team.name, r.match.away_team.name, r.score_before, r.score_after)
        for r in response.context["paste"].results
    ]
    assert rows == [
        (1, "José Gálvez", "UTC", "", "2–1"),
        (2, "León de Huánuco", "Coronel Bolognesi", "1–0", "1–0"),
        (3, "Coronel Bolognesi", "José Gálvez", "2–2", "3–1"),
    ]
    outcomes = [result.outcome for result in response.context["paste"].results]
    assert outcomes == [Outcome.NEW, Outcome.UNCHANGED, Outcome.CHANGED]
    html = response.content.decode()
    for label in ("New", "Unchanged", "Changed"):
        assert f"<strong>{label}</strong>" in html
    assert 'name="_save" value="Save these results"' in html
    assert snapshot() == before


def test_confirming_saves_the_results_and_the_standings_follow(
    admin_client, admin_user, group, on_commit
):
    assert standings(group)["José Gálvez"] == (1, 1)
    with on_commit():
        response = confirm(admin_client, group)

    assert response.redirect_chain == [
        (reverse("admin:tournaments_group_change", args=[group.pk]), 302)
    ]
    assert [m.message for m in response.context["messages"]] == ["2 results saved."]
    new, changed = match_of(group, "GAL", "UTC"), match_of(group, "BOL", "GAL")
    assert (new.home_score, new.away_score, new.status) == (2, 1, Match.Status.PLAYED)
    assert (changed.home_score, changed.away_score) == (3, 1)
    assert standings(group) == {
        "José Gálvez": (2, 3),
        "UTC": (1, 0),
        "León de Huánuco": (1, 3),
        "Coronel Bolognesi": (2, 3),
    }
    assert new.history.first().history_user == admin_user  # recorded as the editor's change


def test_a_postponed_match_that_gets_its_score_is_marked_played(admin_client, group, on_commit):
    group.matches.filter(pk=match_of(group, "GAL", "UTC").pk).update(status=Match.Status.POSTPONED)
    with on_commit():
        confirm(admin_client, group, "GAL 2-1 UTC")
    assert match_of(group, "GAL", "UTC").status == Match.Status.PLAYED


@pytest.mark.parametrize(
    "bad_line",
    [
        "GAL 2 UTC",  # unreadable
        "José Gálvez 0-0 Sachapuyos",  # unknown team
        "UTC 1-1 León de Huánuco\nutc 2-2 leon de huanuco",  # the same match twice
    ],
)
def test_a_line_not_understood_blocks_the_save_and_nothing_is_written(
    admin_client, group, on_commit, bad_line
):
    text = PASTED + bad_line
    good = preview(admin_client, group, PASTED).context["paste"].fingerprint
    before = snapshot()
    with on_commit():
        response = confirm(admin_client, group, text, previewed=good)

    assert snapshot() == before
    html = response.content.decode()
    assert "nothing will be saved until" in html
    assert 'name="_save"' not in html
    assert response.context["form"]["results"].value() == text  # kept for correcting


def test_a_confirm_that_no_longer_gives_the_preview_saves_nothing(admin_client, group, on_commit):
    previewed = preview(admin_client, group).context["paste"].fingerprint
    match = match_of(group, "GAL", "UTC")
    match.home_score, match.away_score, match.status = 0, 0, Match.Status.PLAYED  # another editor
    match.save()
    before = snapshot()
    with on_commit():
        response = confirm(admin_client, group, previewed=previewed)

    assert snapshot() == before
    assert "the results differ from the preview" in response.content.decode()
    assert response.context["paste"].results[0].outcome == Outcome.CHANGED  # shown anew


def test_a_user_who_is_not_staff_is_sent_to_log_in_and_nothing_is_saved(
    client, group, django_user_model
):
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    before = snapshot()
    response = client.post(paste_url(group), {"results": PASTED, "_save": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert snapshot() == before


def test_staff_without_the_right_to_change_matches_is_refused(client, group, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="tournaments", codename="change_group")
    )
    client.force_login(user)
    assert client.get(paste_url(group)).status_code == 403
    change_page = client.get(reverse("admin:tournaments_group_change", args=[group.pk]))
    assert paste_url(group) not in change_page.content.decode()


def test_reading_lines_that_change_nothing_costs_no_query_a_line(group, django_assert_num_queries):
    """Teams and matches are read once for the group; only a change is checked (by
    the model's full_clean) in the database."""
    group = Group.objects.select_related("stage").get(pk=group.pk)
    with django_assert_num_queries(3):  # the teams, their aliases, the matches
        read_results(group, "LEÓ 1-0 BOL")
    lines = "LEÓ 1-0 BOL\nGAL 2-2 LEÓ\nSachapuyos 1-0 UTC\nGAL 2 UTC\nUTC 1-0 GAL"
    with django_assert_num_queries(3):
        read_results(group, lines)
