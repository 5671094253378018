"""The champion and runner-up are computed; published tables are kept until results cover them."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    GroupFactory,
    GroupMemberFactory,
    StageFactory,
    TeamFactory,
    play,
    table,
)
from tournaments.models import Match, PublishedRow, Season, Stage, Team
from tournaments.services import published_differences


def test_the_1996_champion_is_computed_from_the_final_table(season_1996):
    season = Season.objects.get(year=1996)
    assert (season.champion.name, season.runner_up.name) == ("José Gálvez", "UTC")


def test_changed_results_change_the_champion(season_1996, on_commit):
    """Coronel Bolognesi wins every match of the 1996 final group: it is the champion."""
    bolognesi = Team.objects.get(name="Coronel Bolognesi")
    with on_commit():
        for match in season_1996.matches.filter(home_team=bolognesi) | season_1996.matches.filter(
            away_team=bolognesi
        ):
            home = match.home_team_id == bolognesi.pk
            match.home_score, match.away_score = (5, 0) if home else (0, 5)
            match.save()
    season = Season.objects.get(year=1996)
    assert season.champion == bolognesi
    assert table(season_1996)[0][:2] == ("Coronel Bolognesi", 1)


def test_an_unfinished_final_table_has_no_champion(season_1996, on_commit):
    with on_commit():
        season_1996.matches.filter(round=5).update(
            home_score=None, away_score=None, status=Match.Status.SCHEDULED
        )
        season_1996.save()  # QuerySet.update() sends no signal
    assert Season.objects.get(year=1996).champion is None


def test_an_override_with_its_reason_wins_over_the_results(season_1996, on_commit):
    season = Season.objects.get(year=1996)
    cni = Team.objects.get(name="CNI")
    season.champion_override, season.override_reason = cni, "Awarded by the federation"
    season.full_clean()
    with on_commit():
        season.save()
    season.refresh_from_db()
    assert season.champion == cni
    with on_commit():
        season.champion_override, season.override_reason = None, ""
        season.save()
    assert Season.objects.get(year=1996).champion.name == "José Gálvez"


def test_an_override_needs_a_reason(season_1996):
    season = Season.objects.get(year=1996)
    season.champion_override = Team.objects.get(name="CNI")
    with pytest.raises(ValidationError) as error:
        season.full_clean()
    assert "override_reason" in error.value.message_dict


def test_a_season_that_stops_at_a_regional_stage_has_no_champion(league, on_commit):
    group, (alfa, beta, gamma, delta) = league
    with on_commit():
        Stage.objects.filter(pk=group.stage_id).update(level=Stage.Level.REGIONAL)
        for round_number, (home, away) in enumerate(
            [
                (alfa, beta),
                (gamma, delta),
                (alfa, gamma),
                (beta, delta),
                (alfa, delta),
                (beta, gamma),
            ],
            start=1,
        ):
            play(group, home, away, 1, 0, round=round_number)
    assert table(group)[0][0] == "Alfa"
    assert Season.objects.get(pk=group.stage.season_id).champion is None


@pytest.fixture
def final_tie(db, on_commit):
    """A season whose last stage is a two-legged final decided on points."""
    with on_commit():
        final = StageFactory(kind=Stage.Kind.KNOCKOUT, tie_rule=Stage.TieRule.POINTS, name="Final")
        tie = GroupFactory(stage=final, name="Final")
        alfa, beta = TeamFactory(name="Alfa"), TeamFactory(name="Beta")
        for team in (alfa, beta):
            GroupMemberFactory(group=tie, team=team)
    return tie, alfa, beta


def test_the_final_ties_winner_is_the_champion(final_tie, on_commit):
    tie, alfa, beta = final_tie
    with on_commit():
        play(tie, alfa, beta, 1, 0, round=1)
        play(tie, beta, alfa, 0, 2, round=2)
    season = Season.objects.get(pk=tie.stage.season_id)
    assert (season.champion, season.runner_up) == (alfa, beta)


def test_a_play_off_won_on_penalties_after_1_0_and_0_2_is_accepted(final_tie, on_commit):
    """The case the issue reported: the validation and the pages now agree."""
    tie, alfa, beta = final_tie
    with on_commit():
        play(tie, alfa, beta, 1, 0, round=1)
        play(tie, beta, alfa, 2, 0, round=2)
    decider = Match(
        group=tie,
        round=3,
        home_team=alfa,
        away_team=beta,
        home_score=1,
        away_score=1,
        home_penalties=3,
        away_penalties=4,
        status=Match.Status.PLAYED,
    )
    decider.full_clean()
    with on_commit():
        decider.save()
    assert Season.objects.get(pk=tie.stage.season_id).champion == beta


def test_a_play_off_after_a_decided_tie_is_refused(final_tie, on_commit):
    tie, alfa, beta = final_tie
    with on_commit():
        play(tie, alfa, beta, 1, 0, round=1)
        play(tie, beta, alfa, 0, 0, round=2)
    decider = Match(group=tie, round=3, home_team=alfa, away_team=beta, home_score=0, away_score=1)
    with pytest.raises(ValidationError) as error:
        decider.full_clean()
    assert "round" in error.value.message_dict


@pytest.fixture
def published(league, on_commit):
    """Group A of a regional stage, as a newspaper printed it; no results recorded."""
    group, (alfa, beta, gamma, delta) = league
    rows = [(alfa, 2, 1, 0, 5, 3, 5), (beta, 1, 1, 1, 6, 4, 3), (gamma, 0, 3, 0, 3, 3, 3),
            (delta, 0, 1, 2, 1, 5, 1)]  # fmt: skip
    with on_commit():
        group.published_source = "El Comercio, 30 September 1993"
        group.save()
        for number, (team, won, drawn, lost, goals_for, goals_against, points) in enumerate(
            rows, start=1
        ):
            PublishedRow.objects.create(
                group=group,
                team=team,
                row=number,
                position=3 if number == 3 else None,
                won=won,
                drawn=drawn,
                lost=lost,
                goals_for=goals_for,
                goals_against=goals_against,
                points=points,
            )
    return group, (alfa, beta, gamma, delta)


def test_a_group_with_only_its_published_table_stores_that_table(published):
    group, _ = published
    group.refresh_from_db()
    assert group.shows_published_table
    assert table(group) == [("Alfa", 1, 3, 5), ("Beta", 2, 3, 3), ("Gamma", 3, 3, 3),
                            ("Delta", 4, 3, 1)]  # fmt: skip


def test_a_published_table_is_kept_while_results_are_incomplete(published, on_commit):
    group, (alfa, beta, *_) = published
    with on_commit():
        play(group, alfa, beta, 2, 1, round=1)
    group.refresh_from_db()
    assert group.shows_published_table and table(group)[0] == ("Alfa", 1, 3, 5)


def test_complete_results_replace_the_published_table_and_are_compared(published, on_commit):
    group, (alfa, beta, gamma, delta) = published
    results = [(alfa, beta, 2, 1), (gamma, delta, 1, 1), (alfa, gamma, 1, 1),
               (beta, delta, 3, 0), (alfa, delta, 2, 1), (beta, gamma, 2, 1)]  # fmt: skip
    with on_commit():
        for number, (home, away, home_goals, away_goals) in enumerate(results, start=1):
            play(group, home, away, home_goals, away_goals, round=number)
    group.refresh_from_db()
    assert not group.shows_published_table
    assert table(group)[0] == ("Alfa", 1, 3, 7)  # computed: 2 wins, 1 draw
    differences = {
        (d.team, str(d.column)): (d.published, d.computed) for d in published_differences(group)
    }
    assert differences[("Alfa", "Points")] == (5, 7)
    assert differences[("Gamma", "Drawn")] == (3, 2)


def test_a_published_row_needs_the_source_named(league):
    group, (alfa, *_) = league
    row = PublishedRow(group=group, team=alfa, row=1, won=1, drawn=0, lost=0, goals_for=1,
                       goals_against=0, points=3)  # fmt: skip
    with pytest.raises(ValidationError):
        row.full_clean()


def test_a_title_awarded_to_the_runner_up_leaves_the_winner_second(season_1996, on_commit):
    season = Season.objects.get(year=1996)
    utc = Team.objects.get(name="UTC")
    with on_commit():
        season.champion_override, season.override_reason = utc, "Awarded by the federation"
        season.save()
    season.refresh_from_db()
    assert (season.champion, season.runner_up.name) == (utc, "José Gálvez")


def test_semi_finals_without_a_final_decide_no_champion(db, on_commit):
    with on_commit():
        semis = StageFactory(kind=Stage.Kind.KNOCKOUT, legs=1, name="Semi-finals")
        teams = [TeamFactory(name=name) for name in ("Alfa", "Beta", "Gamma", "Delta")]
        for order, (home, away) in enumerate([teams[:2], teams[2:]], start=1):
            tie = GroupFactory(stage=semis, order=order, name=f"{home} v {away}")
            for team in (home, away):
                GroupMemberFactory(group=tie, team=team)
            play(tie, home, away, 1, 0)
    season = Season.objects.get(pk=semis.season_id)
    assert (season.champion, season.runner_up) == (None, None)


def test_deleting_the_final_takes_its_champion_away(final_tie, on_commit):
    tie, alfa, beta = final_tie
    with on_commit():
        play(tie, alfa, beta, 1, 0, round=1)
        play(tie, beta, alfa, 0, 2, round=2)
    season_id = tie.stage.season_id
    assert Season.objects.get(pk=season_id).champion == alfa
    with on_commit():
        tie.stage.delete()
    assert Season.objects.get(pk=season_id).champion is None


def test_deleting_the_final_tie_takes_its_champion_away(final_tie, on_commit):
    tie, alfa, beta = final_tie
    with on_commit():
        play(tie, alfa, beta, 1, 0, round=1)
        play(tie, beta, alfa, 0, 2, round=2)
    season_id = tie.stage.season_id
    with on_commit():
        tie.delete()
    assert Season.objects.get(pk=season_id).champion is None


def test_a_final_moved_to_another_season_takes_its_champion_along(final_tie, on_commit):
    tie, alfa, beta = final_tie
    with on_commit():
        play(tie, alfa, beta, 1, 0, round=1)
        play(tie, beta, alfa, 0, 2, round=2)
    old_season = Season.objects.get(pk=tie.stage.season_id)
    with on_commit():
        new_season = Season.objects.create(year=2002)
        stage = tie.stage
        stage.season = new_season
        stage.save()
    assert Season.objects.get(pk=old_season.pk).champion is None
    assert Season.objects.get(pk=new_season.pk).champion == alfa


def test_only_a_result_of_the_last_stage_computes_the_champion_again(
    season_1996, on_commit, monkeypatch
):
    """A result of an earlier stage can't change the champion: the batch skips it."""
    from tournaments import services

    computed = []
    monkeypatch.setattr(
        services, "update_season_outcome", lambda season_id: computed.append(season_id)
    )
    season = season_1996.stage.season
    with on_commit():
        early = GroupFactory(stage=StageFactory(season=season, order=0, name="Departmental"))
        alfa, beta = TeamFactory(), TeamFactory()
        for team in (alfa, beta):
            GroupMemberFactory(group=early, team=team)
    computed.clear()  # the new stage's own change asks for it, rightly
    with on_commit():
        play(early, alfa, beta, 2, 0)
    assert computed == []
    with on_commit():
        match = season_1996.matches.first()
        match.home_score += 1
        match.save()
    assert computed == [season.pk]


def test_recomputing_a_seasons_groups_mends_a_stale_champion(season_1996, on_commit):
    """recompute_standings and the admin's actions redo the champion of the seasons of
    the groups they recompute, even when no group of theirs is in the last stage."""
    from tournaments.models import Group
    from tournaments.services import recompute_groups

    season = season_1996.stage.season
    with on_commit():
        StageFactory(season=season, order=9, name="Final still to draw")  # no group yet
    assert Season.objects.get(pk=season.pk).champion is None
    Season.objects.filter(pk=season.pk).update(champion=Team.objects.get(name="CNI"))
    recompute_groups(Group.objects.filter(stage__season=season))
    assert Season.objects.get(pk=season.pk).champion is None
