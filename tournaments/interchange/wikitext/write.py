"""Write a season as wikitext, ready to paste into Wikipedia.

The sports tables list rows in computed order with the stored figures, so an
editor pastes tables that agree with the matches. ``import_wikitext`` reads
the output back into the same data.
"""

from itertools import groupby

from django.utils.text import slugify

from ...models import Group, Match, Stage
from ...reports import season_stats


def season_wikitext(season):
    matches = list(
        Match.objects.for_season(season)
        .with_teams()
        .prefetch_related("goals__scorer")
        .order_by("round", "date", "kickoff_time", "pk")
    )
    groups = list(Group.objects.for_season(season).with_tables())
    by_group = {}
    for match in matches:
        by_group.setdefault(match.group_id, []).append(match)
    parts = [str(season), "", infobox(season, matches), ""]
    if season.intro:
        parts += [season.intro, ""]
    entries = list(
        season.entries.select_related("team", "department").order_by(
            "department__slug", "team__name"
        )
    )
    if entries:
        parts += ["== Qualified teams ==", qualified_table(entries), ""]
    stage = None
    for group in groups:
        if group.stage_id != getattr(stage, "pk", None):
            stage = group.stage
            parts += [f"== {stage.name} ==", ""]
        if stage.kind == Stage.Kind.KNOCKOUT:
            parts += [football_box(m) for m in by_group.get(group.pk, [])]
            continue
        parts += [
            f"=== {group.name} ===",
            "",
            sports_table(season, group, by_group.get(group.pk, [])),
            "",
        ]
        rounds = {}
        for match in by_group.get(group.pk, []):
            rounds.setdefault(match.round, []).append(match)
        for number, round_matches in sorted(rounds.items()):
            parts += [f"==== Round {number} ====", ""]
            parts += [football_box(m) for m in round_matches]
    return "\n".join(parts).rstrip() + "\n"


def infobox(season, matches):
    stats = season_stats(matches)
    scorers = "<br>".join(
        f"{t.player.name} ({t.goals})" for t in season.top_scorers.select_related("player")
    )
    lines = [
        "{{Infobox football league season",
        "| competition = Copa Perú",
        f"| season = {season.year}",
        f"| winners = {season.champion.name if season.champion else ''}",
        f"| league topscorer = {scorers}",
        f"| biggest home win = {_match_line(stats.biggest_home_win)}",
        f"| biggest away win = {_match_line(stats.biggest_away_win)}",
        f"| highest scoring = {_match_line(stats.highest_scoring)}",
        f"| matches = {stats.matches_played}",
        f"| total goals = {stats.total_goals}",
        f"| prevseason = {season.year - 1}",
        f"| nextseason = {season.year + 1}",
        "}}",
    ]
    return "\n".join(lines)


def _match_line(match):
    return (
        f"{match.home_team} {match.home_score}–{match.away_score} {match.away_team}"
        if match
        else ""
    )


def qualified_table(entries):
    """Department, Team, Location; one department cell spanning its teams."""
    lines = ['{| class="wikitable"', "! Department !! Team !! Location"]
    for department, group in groupby(entries, key=lambda entry: entry.department):
        group = list(group)
        for index, entry in enumerate(group):
            cells = [entry.team.name, entry.team.city]
            if index == 0:
                span = f'rowspan="{len(group)}" | ' if len(group) > 1 else ""
                cells.insert(0, span + department.name)
            lines += ["|-", "| " + " || ".join(cells)]
    lines.append("|}")
    return "\n".join(lines)


def team_codes(standings):
    """Short codes for the table: the team's own, else three letters made unique."""
    codes, used = {}, set()
    for row in standings:
        code = row.team.short_code or slugify(row.team.name).replace("-", "")[:3].upper() or "TEA"
        base, number = code, 2
        while code in used:
            code, number = f"{base[:2]}{number}", number + 1
        used.add(code)
        codes[row.team_id] = code
    return codes


def sports_table(season, group, matches):
    rows = list(group.standings.all())
    codes = team_codes(rows)
    lines = ["{{#invoke:sports table|main|style=WDL"]
    for index, row in enumerate(rows, start=1):
        code = codes[row.team_id]
        lines.append(f"|team{index}={code}|name_{code}={row.team.name}")
    for row in rows:
        code = codes[row.team_id]
        line = (
            f"|win_{code}={row.won}|draw_{code}={row.drawn}|loss_{code}={row.lost}"
            f"|gf_{code}={row.goals_for}|ga_{code}={row.goals_against}"
        )
        if row.points_adjustment:
            line += f"|adjust_points_{code}={row.points_adjustment}"
        if row.shared_position:
            line += f"|pos_{code}={row.position}"
        lines.append(line)
    for zone in group.zones.all():
        lines.append(f"|col_{zone.code}={zone.colour}|text_{zone.code}={zone.label}")
        for position in range(zone.first_position, min(zone.last_position, len(rows)) + 1):
            lines.append(f"|result{position}={zone.code}")
    win_points = group.stage.win_points
    if win_points != 3:
        lines.append(f"|winpoints={win_points}")
    lines.append(f"|class_rules={group.classification_rules()}.")
    complete = matches and all(
        m.status in (Match.Status.PLAYED, Match.Status.ANNULLED) for m in matches
    )
    lines.append(f"|update={'complete' if complete else ''}|source=")
    lines.append("}}")
    return "\n".join(lines)


def football_box(match):
    score = f"{match.home_score}–{match.away_score}" if match.home_score is not None else ""
    if match.walkover:
        score += " (w.o.)"
    fields = [
        ("date", match.date.strftime("%-d %B %Y") if match.date else ""),
        ("time", match.kickoff_time.strftime("%H:%M") if match.kickoff_time else ""),
        ("team1", match.home_team.name),
        ("score", score),
        ("aet", "yes" if match.extra_time else ""),
        (
            "penaltyscore",
            f"{match.home_penalties}–{match.away_penalties}"
            if match.home_penalties is not None
            else "",
        ),
        ("report", f"[{match.report_url} Report]" if match.report_url else ""),
        ("team2", match.away_team.name),
        ("goals1", goal_list(match, match.home_team_id)),
        ("goals2", goal_list(match, match.away_team_id)),
        ("stadium", str(match.venue) if match.venue else ""),
        ("attendance", str(match.attendance or "")),
        ("referee", match.referee),
    ]
    if match.group.stage.kind == Stage.Kind.KNOCKOUT:
        fields.insert(0, ("round", f"Leg {match.round}"))
    body = "\n".join(f"| {name} = {value}" for name, value in fields)
    return "{{Football box collapsible\n" + body + "\n}}\n"


def goal_list(match, team_id):
    lines = []
    for goal in match.goals.all():
        if goal.team_id != team_id:
            continue
        note = "|pen." if goal.penalty else "|o.g." if goal.own_goal else ""
        minute = f" {{{{goal|{goal.minute}{note}}}}}" if goal.minute else ""
        lines.append(f"{goal.scorer.name if goal.scorer else ''}{minute}".strip())
    return "<br>".join(lines)
