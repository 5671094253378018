"""Write a season as wikitext, ready to paste into Wikipedia.

Every stage in order, under a heading naming its level where its own name
doesn't. The sports tables list rows in computed order with the stored
figures, so an editor pastes tables that agree with the matches; a group
whose standings are its published table gets that table, with its source.
Knockout stages say how level ties are decided, then give a {{TwoLegResult}}
line per two-legged tie and a football box per match. ``import_wikitext``
reads the output back into the same data.

Every value taken from the data (a name, a venue, a label, a source) goes
through ``escape``, so that a team named ``CNI|win_GAL=0`` is that name and
not two more parameters of the table; a report's URL through ``escape_url``.
The short codes that name a table's parameters are kept to letters, digits
and underscores (``parameter_code``).
"""

import re
from itertools import groupby
from urllib.parse import quote

from django.utils import translation
from django.utils.text import slugify

from ... import standings
from ...bilingual import english
from ...models import Group, Match, Stage, as_leg
from ...reports import season_stats
from .plan import level_of

LEVEL_TITLES = {
    Stage.Level.DISTRICT: "District stage",
    Stage.Level.PROVINCIAL: "Provincial stage",
    Stage.Level.DEPARTMENTAL: "Departmental stage",
    Stage.Level.REGIONAL: "Regional stage",
    Stage.Level.NATIONAL: "National stage",
}
TIE_RULE_SENTENCES = {  # read back by the importer (plan.RULES)
    Stage.TieRule.AGGREGATE: "Ties were decided on aggregate goals, then by a penalty shoot-out.",
    Stage.TieRule.AWAY_GOALS: (
        "Ties were decided on aggregate goals, then away goals, then by a penalty shoot-out."
    ),
    Stage.TieRule.POINTS: "Ties were decided on points, then by a play-off.",
    Stage.TieRule.POINTS_GOAL_DIFFERENCE: (
        "Ties were decided on points, then goal difference, then by a play-off."
    ),
}


# What would be read as markup inside a value: a template's or a table's "|", a
# parameter's "=", templates, links, tags, entities, bold and italic (''), signatures
# (~~~) and magic words (__TOC__); and the punctuation at either end that a reader
# trims from a name as stray ("Alianza Lima;"). Each is written as an HTML entity,
# which Wikipedia shows as the character itself and the importer reads back.
MARKUP = r"[&|={}\[\]<>]|'(?=')|~(?=~~)|_(?=_)|^[,;–-]+|[,;–*-]+$"
ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# A URL ends at a space or "]", and "|", braces and quotes would be read as markup.
URL_BREAKS = re.compile(r"[\s\[\]|{}<>\"']")


def escape(value, separators=""):
    """A value as text that reads as itself: on one line, with every character that
    could be markup written as an entity (``escape("CNI|win_GAL=0")`` is
    ``"CNI&#124;win_GAL&#61;0"``), and so are ``separators``, where a list of values
    is split on them (the ";" between an infobox's top scorers)."""
    text = " ".join(str(value).split())
    markup = f"{MARKUP}|[{re.escape(separators)}]" if separators else MARKUP
    return re.sub(markup, _entities, text)


def _entities(found):
    return "".join(ENTITIES.get(character, f"&#{ord(character)};") for character in found.group())


def escape_url(url):
    """A URL that stays one URL inside [url label]: what would end it, percent-encoded."""
    return URL_BREAKS.sub(lambda found: quote(found.group(), safe=""), url.strip())


def parameter_code(code):
    """A short code fit to be part of a parameter's name (``name_GAL``): letters,
    digits and underscores only; "" for any other."""
    return code if re.fullmatch(r"\w+", code) else ""


def season_wikitext(season):
    """The season as an English Wikipedia article: in English whatever the language
    active (a season's name, the tiebreakers' labels), like the article it mirrors."""
    with translation.override("en"):
        return _season_wikitext(season)


def _season_wikitext(season):
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
    parts = [escape(season), "", infobox(season, matches), ""]
    intro = english(season, "intro")
    if intro:
        paragraphs = re.split(r"\n\s*\n", intro.strip())
        parts += ["\n\n".join(escape(paragraph) for paragraph in paragraphs), ""]
    entries = list(
        season.entries.select_related("team", "department").order_by(
            "department__slug", "team__name"
        )
    )
    if entries:
        parts += ["== Qualified teams ==", qualified_table(entries), ""]
    by_stage = {}
    for group in groups:
        by_stage.setdefault(group.stage, []).append(group)
    level = None
    for stage, stage_groups in by_stage.items():
        depth, level = _stage_depth(stage, level, parts)
        parts += [_heading(depth, english(stage, "name")), ""]
        if stage.kind == Stage.Kind.KNOCKOUT:
            parts += knockout_stage(stage, stage_groups, by_group)
            continue
        for group in stage_groups:
            parts += [
                _heading(depth + 1, english(group, "name")),
                "",
                sports_table(season, group, by_group.get(group.pk, [])),
                "",
            ]
            rounds = {}
            for match in by_group.get(group.pk, []):
                rounds.setdefault(match.round, []).append(match)
            for number, round_matches in sorted(rounds.items()):
                parts += [_heading(depth + 2, f"Round {number}"), ""]
                parts += [football_box(m) for m in round_matches]
    return "\n".join(parts).rstrip() + "\n"


def _stage_depth(stage, level, parts):
    """(heading depth, level now open): a level heading opens above a stage whose own
    name doesn't say its level, so that the importer reads the level back."""
    if not stage.level or level_of([english(stage, "name")]) == stage.level:
        return 2, None
    if level != stage.level:
        parts += [_heading(2, LEVEL_TITLES[stage.level]), ""]
    return 3, stage.level


def _heading(depth, title):
    marks = "=" * depth
    return f"{marks} {escape(title)} {marks}"


def knockout_stage(stage, groups, by_group):
    """The rule, a {{TwoLegResult}} table of the two-legged ties, a box per match."""
    parts = [TIE_RULE_SENTENCES[Stage.TieRule(stage.tie_rule)], ""]
    ties = [(group, by_group.get(group.pk, [])) for group in groups]
    lines = [two_leg_result(stage, legs) for _, legs in ties if stage.legs == 2]
    lines = [line for line in lines if line]
    if lines:
        header = ['{| class="wikitable"', "! Team 1 !! Agg. !! Team 2 !! 1st leg !! 2nd leg"]
        parts += [*header, *(f"|-\n{line}" for line in lines), "|}", ""]
    for _, legs in ties:
        parts += [football_box(m, legs=stage.legs) for m in legs]
    return parts


def two_leg_result(stage, legs):
    """{{TwoLegResult|Team1|nat1|agg|Team2|nat2|leg1|leg2}}, scores from team 1's side;
    "" unless both legs are played."""
    regular = [m for m in legs if m.status == Match.Status.PLAYED][: stage.legs]
    if len(regular) < 2 or regular[0].home_team_id != regular[1].away_team_id:
        return ""
    first, second = regular
    team1, team2 = first.home_team, first.away_team
    aggregate = f"{first.home_score + second.away_score}–{first.away_score + second.home_score}"
    outcome = standings.tie_result([as_leg(m) for m in legs], stage.tie_rules)
    if outcome.decided_by == standings.TieDecision.AWAY_GOALS:
        aggregate += " (a)"
    second_leg = f"{second.away_score}–{second.home_score}"
    if second.extra_time:
        second_leg += " (a.e.t.)"
    if second.home_penalties is not None:
        second_leg += f" ({second.away_penalties}–{second.home_penalties} p)"
    first_leg = f"{first.home_score}–{first.away_score}"
    team1, team2 = escape(team1.name), escape(team2.name)
    return f"{{{{TwoLegResult|{team1}||{aggregate}|{team2}||{first_leg}|{second_leg}}}}}"


def infobox(season, matches):
    stats = season_stats(matches)
    scorers = "<br>".join(
        f"{escape(t.player.name, ';')} ({t.goals})"
        + (f" ({escape(t.team.name, ';')})" if t.team else "")
        for t in season.top_scorers.select_related("player", "team")
    )
    lines = [
        "{{Infobox football league season",
        "| competition = Copa Perú",
        f"| season = {season.year}",
        f"| winners = {escape(season.champion.name) if season.champion else ''}",
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
        f"{escape(match.home_team)} {match.home_score}–{match.away_score} {escape(match.away_team)}"
        if match
        else ""
    )


def qualified_table(entries):
    """Department, Team, Location; one department cell spanning its teams."""
    lines = ['{| class="wikitable"', "! Department !! Team !! Location"]
    for department, group in groupby(entries, key=lambda entry: entry.department):
        group = list(group)
        for index, entry in enumerate(group):
            cells = [escape(entry.team.name), escape(entry.team.city)]
            if index == 0:
                span = f'rowspan="{len(group)}" | ' if len(group) > 1 else ""
                cells.insert(0, span + escape(department.name))
            lines += ["|-", "| " + " || ".join(cells)]
    lines.append("|}")
    return "\n".join(lines)


def team_codes(standings):
    """Short codes for the table: the team's own (if it is letters and digits), else
    three letters of its name; made unique."""
    codes, used = {}, set()
    for row in standings:
        code = (
            parameter_code(row.team.short_code)
            or slugify(row.team.name).replace("-", "").replace("_", "")[:3].upper()
            or "TEA"
        )
        base, number = code, 2
        while code in used:
            code, number = f"{base[:2]}{number}", number + 1
        used.add(code)
        codes[row.team_id] = code
    return codes


def sports_table(season, group, matches):
    """The group's stored standings: computed, or its published table (with its source)."""
    rows = list(group.standings.all())
    codes = team_codes(rows)
    zones = zone_codes(group.zones.all())
    lines = ["{{#invoke:sports table|main|style=WDL"]
    for index, row in enumerate(rows, start=1):
        code = codes[row.team_id]
        lines.append(f"|team{index}={code}|name_{code}={escape(row.team.name)}")
    for index, row in enumerate(rows, start=1):
        lines.append(_row_line(group, row, codes[row.team_id], index, zones))
    for zone, code in zones:
        label = english(zone, "label")
        lines.append(f"|col_{code}={escape(zone.colour)}|text_{code}={escape(label)}")
        for position in range(zone.first_position, min(zone.last_position, len(rows)) + 1):
            lines.append(f"|result{position}={code}")
    win_points = group.stage.win_points
    if win_points != 3:
        lines.append(f"|winpoints={win_points}")
    lines.append(f"|class_rules={escape(group.classification_rules())}.")
    complete = matches and all(
        m.status in (Match.Status.PLAYED, Match.Status.ANNULLED) for m in matches
    )
    source = group.published_source if group.shows_published_table else ""
    lines.append(f"|update={'complete' if complete else ''}|source={escape(source)}")
    lines.append("}}")
    return "\n".join(lines)


def zone_codes(zones):
    """(zone, code) pairs: the zone's own code where it can name parameters (col_Q),
    else Z1, Z2… by its place (its rows' status is then written out, status_GAL=Q!)."""
    return [
        (zone, parameter_code(zone.code) or f"Z{number}")
        for number, zone in enumerate(zones, start=1)
    ]


def _row_line(group, row, code, index, zones):
    line = (
        f"|win_{code}={row.won}|draw_{code}={row.drawn}|loss_{code}={row.lost}"
        f"|gf_{code}={row.goals_for}|ga_{code}={row.goals_against}"
    )
    adjustment = row.points_adjustment
    if group.shows_published_table:  # printed points, adjustments included
        stage = group.stage
        adjustment = row.points - row.won * stage.win_points - row.drawn * stage.draw_points
    if adjustment:
        line += f"|adjust_points_{code}={adjustment}"
    if row.shared_position:
        line += f"|pos_{code}={row.position}"
    zone = next((c for z, c in zones if z.first_position <= index <= z.last_position), "")
    if row.status and row.status != zone:
        line += f"|status_{code}={escape(row.status)}"
    return line


def football_box(match, legs=None):
    """A match's box; a knockout leg names its leg ("Leg 2") or says "Play-off"."""
    score = f"{match.home_score}–{match.away_score}" if match.home_score is not None else ""
    if match.walkover:
        score += " (w.o.)"
    fields = [
        ("date", match.date.strftime("%-d %B %Y") if match.date else ""),
        ("time", match.kickoff_time.strftime("%H:%M") if match.kickoff_time else ""),
        ("team1", escape(match.home_team.name)),
        ("score", score),
        ("aet", "yes" if match.extra_time else ""),
        (
            "penaltyscore",
            f"{match.home_penalties}–{match.away_penalties}"
            if match.home_penalties is not None
            else "",
        ),
        ("report", f"[{escape_url(match.report_url)} Report]" if match.report_url else ""),
        ("team2", escape(match.away_team.name)),
        ("goals1", goal_list(match, match.home_team_id)),
        ("goals2", goal_list(match, match.away_team_id)),
        ("stadium", escape(match.venue) if match.venue else ""),
        ("attendance", str(match.attendance or "")),
        ("referee", escape(match.referee)),
    ]
    if match.group.stage.kind == Stage.Kind.KNOCKOUT:
        legs = legs or match.group.stage.legs
        fields.insert(0, ("round", f"Leg {match.round}" if match.round <= legs else "Play-off"))
        if legs == 2:
            fields.append(("legs", "2"))
    body = "\n".join(f"| {name} = {value}" for name, value in fields)
    return "{{Football box collapsible\n" + body + "\n}}\n"


def goal_list(match, team_id):
    lines = []
    for goal in match.goals.all():
        if goal.team_id != team_id:
            continue
        note = "|pen." if goal.penalty else "|o.g." if goal.own_goal else ""
        minute = f" {{{{goal|{goal.minute}{note}}}}}" if goal.minute else ""
        lines.append(f"{escape(goal.scorer.name) if goal.scorer else ''}{minute}".strip())
    return "<br>".join(lines)
