"""A season as a football.json document."""

from ...models import Group, Match, Stage


def season_name(year):
    return f"Copa Perú {year}"


def export_season(season):
    """The season's matches as a football.json document (a dict).

    One round per (stage, group, round), in the season's order. The stored
    score of a match after extra time is the one after extra time: it is given
    as ``et`` (the full-time score isn't known). Annulled matches are left out;
    a walkover gives its awarded score.
    """
    groups = list(
        Group.objects.filter(stage__season=season)
        .select_related("stage")
        .order_by("stage__order", "stage__pk", "order", "name", "pk")
    )
    matches = (
        Match.objects.filter(group__in=groups)
        .exclude(status=Match.Status.ANNULLED)
        .select_related("home_team", "away_team")
        .order_by("round", "date", "kickoff_time", "pk")
    )
    by_group = {}
    for match in matches:
        by_group.setdefault(match.group_id, {}).setdefault(match.round, []).append(match)

    rounds = []
    for group in groups:
        knockout = group.stage.kind == Stage.Kind.KNOCKOUT
        for number, round_matches in sorted(by_group.get(group.pk, {}).items()):
            label = f"{'Leg' if knockout else 'Round'} {number}"
            if len(groups) > 1:
                label = f"{group.stage.name} – {group.name} – {label}"
            rounds.append({"name": label, "matches": [export_match(m) for m in round_matches]})
    return {"name": season_name(season.year), "rounds": rounds}


def export_match(match):
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
    return data
