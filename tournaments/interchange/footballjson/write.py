"""A season as a football.json document, in the conventions ``parse`` reads back.

A season of one round-robin stage is written as it always was: "Round 1",
"Round 2"... Any other season names every round "Stage, Round", as
openfootball does: "Group, Matchday 3" for a round-robin stage (each match
naming its ``group`` unless the stage's lone group is named after it), "Finals, Semifinals" for a
knockout stage (every leg of every tie, in leg order, the play-offs last),
and a play-off stage by its own name ("Play-off", "Final, Play-off").
"""

from ...bilingual import english
from ...models import Group, Match, Stage
from .parse import ABANDONED_NOTE, KNOCKOUT_SECTION, RoundKind, read_round_name


def season_name(year):
    return f"Copa Perú {year}"


def export_season(season):
    """The season's matches as a football.json document (a dict).

    The stored score of a match after extra time is the one after extra time:
    it is given as ``et`` (the full-time score isn't known). A walkover gives
    its awarded score with the status "awarded", a postponed match the status
    "postponed", an abandoned one (annulled, noted "abandoned") the status
    "abandoned"; other annulled matches are left out.
    """
    stages = list(season.stages.order_by("order", "pk"))
    groups = list(
        Group.objects.filter(stage__season=season).order_by("stage__order", "order", "name", "pk")
    )
    matches = (
        Match.objects.filter(group__in=groups)
        .select_related("home_team", "away_team")
        .order_by("round", "date", "kickoff_time", "pk")
    )
    by_group = {}
    for match in matches:
        if match.status != Match.Status.ANNULLED or abandoned(match):
            by_group.setdefault(match.group_id, []).append(match)

    plain = len(stages) == 1 and stages[0].kind == Stage.Kind.ROUND_ROBIN
    rounds = []
    for stage in stages:
        stage_groups = [g for g in groups if g.stage_id == stage.pk]
        if stage.kind == Stage.Kind.ROUND_ROBIN:
            rounds += league_rounds(stage, stage_groups, by_group, plain)
        elif any(by_group.get(g.pk) for g in stage_groups):
            legs = sorted(
                (m for group in stage_groups for m in by_group.get(group.pk, [])),
                key=lambda m: (m.round, order_of(m, stage_groups)),
            )
            rounds.append(
                {"name": knockout_round_name(stage), "matches": [export_match(m) for m in legs]}
            )
    return {"name": season_name(season.year), "rounds": rounds}


def league_rounds(stage, groups, by_group, plain):
    """The stage's rounds, each with the matches of every group in group order."""
    # A lone group named after its stage is the stage itself; any other is named.
    stage_name = english(stage, "name")
    named = len(groups) > 1 or any(english(group, "name") != stage_name for group in groups)
    by_round = {}
    for group in groups:
        for match in by_group.get(group.pk, []):
            by_round.setdefault(match.round, []).append(
                export_match(match, english(group, "name") if named else None)
            )
    return [
        {
            "name": f"Round {number}" if plain else f"{stage_name}, Matchday {number}",
            "matches": round_matches,
        }
        for number, round_matches in sorted(by_round.items())
    ]


def order_of(match, groups):
    return next(index for index, group in enumerate(groups) if group.pk == match.group_id)


def knockout_round_name(stage):
    """ "Finals, Semifinals"; a name that already says its stage, or a play-off's, as is."""
    name = english(stage, "name")
    read = read_round_name(name)
    if read.kind == RoundKind.PLAY_OFF or read.stage:
        return name
    return f"{KNOCKOUT_SECTION}, {name}"


def abandoned(match):
    return match.status == Match.Status.ANNULLED and ABANDONED_NOTE in match.notes.splitlines()


def export_match(match, group=None):
    data = {}
    if match.date:
        data["date"] = match.date.isoformat()
    if match.kickoff_time:
        data["time"] = match.kickoff_time.strftime("%H:%M")
    data["team1"] = match.home_team.name
    data["team2"] = match.away_team.name
    if match.home_score is not None and match.away_score is not None:
        score = {"et" if match.extra_time else "ft": [match.home_score, match.away_score]}
        if match.home_penalties is not None and match.away_penalties is not None:
            score["p"] = [match.home_penalties, match.away_penalties]
        data["score"] = score
    if group:
        data["group"] = group
    if match.walkover:
        data["status"] = "awarded"
    elif match.status == Match.Status.POSTPONED:
        data["status"] = "postponed"
    elif abandoned(match):
        data["status"] = "abandoned"
    return data
