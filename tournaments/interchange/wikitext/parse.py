"""Read a Copa Perú season article (wikitext) into plain data, with mwparserfromhell.

Nothing here touches the database. ``parse_article(text)`` returns an
``Article`` or raises ``WikitextError`` with a message naming the template and
what is wrong with it.
"""

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

import mwparserfromhell
from mwparserfromhell.nodes import Heading, Tag, Template, Text

from ..base import InterchangeError

INFOBOX = "infobox football league season"
SPORTS_TABLE = "#invoke:sports table"
FOOTBALL_BOX = "football box collapsible"
FOOTBALL_BOXES = {FOOTBALL_BOX, "football box", "footballbox collapsible", "footballbox"}
LANGUAGES = {"es": "Spanish", "qu": "Quechua", "ay": "Aymara", "pt": "Portuguese", "en": "English"}
SCORE = re.compile(r"^\s*(\d+)\s*[–—−-]\s*(\d+)\s*(.*)$")
WALKOVER = re.compile(r"w\s*/\s*o|w\.\s*o\.?|walkover", re.IGNORECASE)


class WikitextError(InterchangeError):
    """The article can't be imported; the message says where and why."""


@dataclass
class Qualifier:
    department: str
    team: str
    location: str


@dataclass
class TableRow:
    code: str
    name: str
    won: int = 0
    drawn: int = 0
    lost: int = 0
    goals_for: int = 0
    goals_against: int = 0
    adjust_points: int = 0
    position: int | None = None
    status: str = ""

    @property
    def played(self):
        return self.won + self.drawn + self.lost


@dataclass
class Zone:
    first: int
    last: int
    code: str
    label: str
    colour: str


@dataclass
class SportsTable:
    stage: str
    group: str
    rows: list
    win_points: int | None = None
    zones: list = field(default_factory=list)
    class_rules: str = ""
    complete: bool = False


@dataclass
class GoalEntry:
    player: str
    minute: int | None = None
    penalty: bool = False
    own_goal: bool = False


@dataclass
class MatchBox:
    number: int  # the box's place in the article, for messages
    section: list  # heading titles above it, outermost first
    round: int | None
    date: date | None
    time: time | None
    team1: str
    team2: str
    score1: int
    score2: int
    extra_time: bool = False
    penalties: tuple | None = None
    walkover: bool = False
    stadium: str = ""
    attendance: int | None = None
    referee: str = ""
    report: str = ""
    goals1: list = field(default_factory=list)
    goals2: list = field(default_factory=list)

    def describe(self):
        return f"{{{{Football box collapsible}}}} #{self.number} ({self.team1} v {self.team2})"


@dataclass
class Article:
    title: str = ""
    year: int | None = None
    winners: str = ""
    top_scorers: list = field(default_factory=list)  # [(name, goals)]
    intro: str = ""
    qualifiers: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    matches: list = field(default_factory=list)


def parse_article(text):
    if not isinstance(text, str) or "\x00" in text:
        raise WikitextError("This is not wikitext: the file is binary.")
    code = mwparserfromhell.parse(text)
    article = Article()
    reader = _Reader(article)
    for node in code.nodes:
        reader.visit(node)
    reader.finish()
    if not (article.tables or article.matches or article.qualifiers or article.year):
        raise WikitextError(
            "No Copa Perú season found: the text has no {{Infobox football league season}}, "
            "no {{#invoke:sports table}}, no {{Football box collapsible}} and no wikitable "
            "of qualified teams. Is it wikitext?"
        )
    return article


class _Reader:
    """Walks the article's top-level nodes in order, tracking the headings above."""

    def __init__(self, article):
        self.article = article
        self.headings = []  # [(level, title)]
        self.lead = []  # paragraphs before the first heading
        self.lead_open = False  # the lead starts after the infobox (or the title)
        self.seen_heading = False
        self.seen_title = False
        self.pending_text = []

    def visit(self, node):
        if isinstance(node, Heading):
            self.flush_text()
            self.heading(node.level, _plain(node.title))
        elif isinstance(node, Template):
            name = _name(node)
            if name in (INFOBOX, SPORTS_TABLE) or name in FOOTBALL_BOXES:
                self.flush_text()
            if name == INFOBOX:
                self.infobox(node)
                self.lead_open = True
            elif name == SPORTS_TABLE:
                self.sports_table(node)
            elif name in FOOTBALL_BOXES:
                self.football_box(node)
            elif name.startswith("col-float") or name in {"col-begin", "col-break", "col-end"}:
                self.flush_text()
            else:
                self.pending_text.append(_render_inline(node))
        elif isinstance(node, Tag) and str(node.tag).lower() == "table":
            self.flush_text()
            self.wikitable_rows(_tag_table_rows(node))
        else:
            self.pending_text.append(
                _render_inline(node) if not isinstance(node, Text) else str(node)
            )

    def heading(self, level, title):
        self.seen_heading = True
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, title))

    def flush_text(self):
        """Paragraphs, flattened wikitables and headings that lost their = marks."""
        text = "".join(self.pending_text)
        self.pending_text = []
        if 'class="wikitable"' in text and "{|" not in text:
            before, _, table = text.partition('class="wikitable"')
            self.paragraphs(before)
            self.wikitable_rows(_flat_table_rows(table))
            return
        self.paragraphs(text)

    def paragraphs(self, text):
        for paragraph in re.split(r"\n\s*\n", text):
            line = " ".join(paragraph.split())
            if not line:
                continue
            if not self.seen_title and not self.lead_open and not self.article.title:
                self.article.title, self.seen_title = line, True
                self.lead_open = True
                continue
            if _looks_like_lost_heading(line):
                self.heading(0, line)
            elif self.lead_open and not self.seen_heading:
                self.lead.append(line)

    def finish(self):
        self.flush_text()
        self.article.intro = "\n\n".join(self.lead)

    def infobox(self, node):
        article = self.article
        season = _param(node, "season")
        if season:
            match = re.search(r"\d{4}", season)
            if not match:
                raise WikitextError(
                    f"{{{{Infobox football league season}}}}: season {season!r} is not a year."
                )
            article.year = int(match.group())
        article.winners = _param(node, "winners")
        scorers = _param_code(node, "league topscorer")
        for item in re.split(r"<br\s*/?>|\n|;", str(scorers)):
            text = _plain(mwparserfromhell.parse(item)).strip()
            found = re.match(r"^(.+?)\s*\((\d+)(?:\s*goals?)?\)\s*$", text)
            if found:
                article.top_scorers.append((found.group(1).strip(), int(found.group(2))))
            elif text:
                raise WikitextError(
                    f"{{{{Infobox football league season}}}}: league topscorer {text!r} "
                    "has no tally; write it as 'Name (5)'."
                )

    def sports_table(self, node):
        number = len(self.article.tables) + 1
        where = f"{{{{#invoke:sports table}}}} #{number}"
        codes = []
        for index in range(1, 100):
            value = _param(node, f"team{index}")
            if not value:
                break
            codes.append(value)
        if not codes:
            raise WikitextError(f"{where}: it lists no team (team1=…).")
        rows = []
        for code in codes:
            row = TableRow(code=code, name=_param(node, f"name_{code}") or code)
            for attr, key in (
                ("won", "win"),
                ("drawn", "draw"),
                ("lost", "loss"),
                ("goals_for", "gf"),
                ("goals_against", "ga"),
                ("adjust_points", "adjust_points"),
            ):
                setattr(row, attr, _int(node, f"{key}_{code}", where))
            position = _param(node, f"pos_{code}")
            row.position = _int(node, f"pos_{code}", where) if position else None
            row.status = _param(node, f"status_{code}")
            rows.append(row)
        titles = [title for _, title in self.headings]
        group = titles[-1] if titles else f"Group {chr(ord('A') + number - 1)}"
        stage = titles[-2] if len(titles) > 1 else group
        table = SportsTable(
            stage=stage,
            group=group,
            rows=rows,
            win_points=_int(node, "winpoints", where) if _param(node, "winpoints") else None,
            zones=_zones(node, len(rows), where),
            class_rules=_plain(_param_code(node, "class_rules")),
            complete=_param(node, "update").lower() == "complete",
        )
        table.section = titles
        self.article.tables.append(table)

    def football_box(self, node):
        number = len(self.article.matches) + 1
        team1, team2 = _param(node, "team1"), _param(node, "team2")
        where = f"{{{{Football box collapsible}}}} #{number}"
        if not team1 or not team2:
            raise WikitextError(f"{where}: team1 and team2 are both needed.")
        where = f"{where} ({team1} v {team2})"
        score_text = _plain(_param_code(node, "score"))
        found = SCORE.match(score_text)
        if not found:
            raise WikitextError(
                f"{where}: score {score_text!r} can't be read; write it as 2–1."
                if score_text
                else f"{where}: it has no score."
            )
        titles = [title for _, title in self.headings]
        round_text = _param(node, "round") or (titles[-1] if titles else "")
        round_number = (
            re.search(r"(\d+)", round_text)
            if re.search(r"round|leg|fecha|matchday", round_text, re.I)
            else None
        )
        box = MatchBox(
            number=number,
            section=titles,
            round=int(round_number.group(1)) if round_number else None,
            date=_date(_param_code(node, "date"), where),
            time=_time(_param(node, "time")),
            team1=team1,
            team2=team2,
            score1=int(found.group(1)),
            score2=int(found.group(2)),
            extra_time=bool(_param(node, "aet")) or "a.e.t" in found.group(3).lower(),
            walkover=bool(WALKOVER.search(found.group(3))),
            stadium=_plain(_param_code(node, "stadium")),
            attendance=_attendance(_param(node, "attendance"), where),
            referee=_plain(_param_code(node, "referee")),
            report=_url(_param_code(node, "report")),
            goals1=_goals(_param_code(node, "goals1")),
            goals2=_goals(_param_code(node, "goals2")),
        )
        penalties = _plain(_param_code(node, "penaltyscore"))
        if penalties:
            found_penalties = SCORE.match(penalties)
            if not found_penalties:
                raise WikitextError(
                    f"{where}: penaltyscore {penalties!r} can't be read; write it as 4–3."
                )
            box.penalties = (int(found_penalties.group(1)), int(found_penalties.group(2)))
        self.article.matches.append(box)

    def wikitable_rows(self, rows):
        """A table of Department / Team / Location, with rowspans already spread."""
        if not rows:
            return
        header = [cell.lower() for cell in rows[0]]
        if not ("team" in header and ("department" in header or "region" in header)):
            return
        column = {name: header.index(name) for name in header}
        department_column = column.get("department", column.get("region"))
        location_column = column.get("location", column.get("city"))
        for cells in rows[1:]:
            if len(cells) < len(header):
                continue
            self.article.qualifiers.append(
                Qualifier(
                    department=cells[department_column],
                    team=cells[column["team"]],
                    location=cells[location_column] if location_column is not None else "",
                )
            )


def _looks_like_lost_heading(line):
    """A short line with no sentence punctuation: a heading whose = marks were lost."""
    return len(line) <= 60 and not re.search(r"[.!?:;,)\]}|]$", line) and "=" not in line


def _name(template):
    return " ".join(str(template.name).split()).lower()


def _param_code(template, name):
    for param in template.params:
        if str(param.name).strip() == name:
            return param.value
    return mwparserfromhell.parse("")


def _param(template, name):
    raw = str(_param_code(template, name)).strip()
    text = _plain(raw) if re.search(r"\[\[|\{\{|<|''|\[http", raw) else raw
    return " ".join(text.split())


def _plain(code):
    """Text without markup: links become their label, templates are rendered or dropped."""
    code = mwparserfromhell.parse(str(code))
    for template in code.filter_templates(recursive=False):
        with contextlib.suppress(ValueError):  # already replaced with its parent
            code.replace(template, _render_inline(template))
    return code.strip_code(normalize=True, collapse=True).strip()


def _render_inline(node):
    if isinstance(node, Template):
        name = _name(node)
        if name in {"langx", "lang"} and len(node.params) >= 2:
            language = LANGUAGES.get(str(node.params[0].value).strip(), "")
            text = _plain(node.params[1].value)
            return f"{language}: {text}" if language and name == "langx" else text
        if name.startswith("lang-") and node.params:
            language = LANGUAGES.get(name[5:], "")
            text = _plain(node.params[0].value)
            return f"{language}: {text}" if language else text
        return ""
    return str(mwparserfromhell.parse(str(node)).strip_code())


def _int(template, name, where):
    text = _param(template, name).replace("−", "-").replace("–", "-")
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        raise WikitextError(f"{where}: {name}={text!r} is not a whole number.") from None


def _zones(template, count, where):
    codes = {}
    for index in range(1, count + 1):
        code = _param(template, f"result{index}")
        if code:
            codes[index] = code
    zones = []
    for index, code in sorted(codes.items()):
        if zones and zones[-1].code == code and zones[-1].last == index - 1:
            zones[-1].last = index
            continue
        colour = _param(template, f"col_{code}")
        if colour and not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
            raise WikitextError(f"{where}: col_{code}={colour!r} is not a colour like #D0F0C0.")
        zones.append(
            Zone(index, index, code, _param(template, f"text_{code}") or code, colour or "#DDDDDD")
        )
    return zones


def _date(code, where):
    for template in mwparserfromhell.parse(str(code)).filter_templates():
        if _name(template) in {"start date", "date", "dts"}:
            parts = [str(p.value).strip() for p in template.params if not p.showkey]
            try:
                return date(*(int(p) for p in parts[:3]))
            except (TypeError, ValueError):
                raise WikitextError(f"{where}: date {str(code).strip()!r} can't be read.") from None
    text = _plain(code)
    if not text:
        return None
    text = re.sub(r"\s+", " ", text)
    for pattern in ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d", "%d %b %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise WikitextError(f"{where}: date {text!r} can't be read; write it as 19 January 1997.")


def _time(text):
    found = re.search(r"\b(\d{1,2}):(\d{2})\b", text)
    return time(int(found.group(1)), int(found.group(2))) if found else None


def _attendance(text, where):
    digits = text.replace(",", "").replace(".", "").replace(" ", "")
    if not digits:
        return None
    if not digits.isdigit():
        raise WikitextError(f"{where}: attendance {text!r} is not a number.")
    return int(digits)


def _url(code):
    links = mwparserfromhell.parse(str(code)).filter_external_links()
    return str(links[0].url) if links else ""


def _goals(code):
    """Scorers as the box lists them: '[[Name]] {{goal|23|pen}} 67' lines."""
    goals = []
    for line in re.split(r"<br\s*/?>|\n", str(code)):
        parsed = mwparserfromhell.parse(line)
        minutes = []
        for template in parsed.filter_templates():
            if _name(template) in {"goal", "pengoal", "penalty goal", "og", "own goal"}:
                values = [str(p.value).strip() for p in template.params]
                kind = " ".join(v.lower() for v in values)
                for value in values:
                    if re.fullmatch(r"\d{1,3}(\+\d+)?'?", value):
                        minutes.append(
                            (
                                int(value.split("+")[0].rstrip("'")),
                                "pen" in kind or _name(template) == "pengoal",
                                "o.g" in kind or _name(template) in {"og", "own goal"},
                            )
                        )
                parsed.remove(template)
        text = _plain(parsed)
        for value in re.findall(r"\b(\d{1,3})(?:\+\d+)?'", text):
            minutes.append((int(value), False, False))
        player = re.sub(r"\d{1,3}(\+\d+)?'|\(pen\.?\)|\(o\.g\.\)|[,;]", " ", text)
        player = " ".join(player.split())
        if not player and not minutes:
            continue
        for minute, penalty, own_goal in minutes or [(None, False, False)]:
            goals.append(
                GoalEntry(player=player, minute=minute, penalty=penalty, own_goal=own_goal)
            )
    return goals


def _tag_table_rows(tag):
    """Rows of a {| … |} table as lists of cell texts, rowspans spread downwards.

    Cells before the first |- (a header line) form a row of their own.
    """
    rows, loose = [], []
    for node in tag.contents.nodes:
        name = str(getattr(node, "tag", "")).lower()
        if name in ("th", "td"):
            loose.append(_tag_cell(node))
        elif name == "tr":
            if loose:
                rows.append(loose)
                loose = []
            cells = [
                _tag_cell(cell)
                for cell in node.contents.nodes
                if str(getattr(cell, "tag", "")).lower() in ("th", "td")
            ]
            if cells:
                rows.append(cells)
    if loose:
        rows.append(loose)
    return _spread_rowspans(rows) if rows else []


def _tag_cell(cell):
    span = 1
    for attribute in cell.attributes:
        if str(attribute.name).strip().lower() == "rowspan":
            span = int(str(attribute.value).strip() or 1)
    return (_plain(cell.contents), span)


def _flat_table_rows(text):
    """A wikitable whose {| |- |} marks were lost, as in the seed article:
    a header line then '!' cells, then rows whose first cell has no '|'."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    header = [lines[0]]
    index = 1
    while index < len(lines) and lines[index].startswith("!"):
        header.append(lines[index][1:].strip())
        index += 1
    rows, current = [header], None
    for line in lines[index:]:
        if line.startswith("|"):
            if current is None:
                continue
            current.append(_cell(line[1:]))
        else:
            current = [_cell(line)]
            rows.append(current)
    return _spread_rowspans([[(cell, 1) for cell in header], *rows[1:]])


def _cell(text):
    attributes, separator, value = text.partition("|")
    if separator and "=" in attributes:
        span = re.search(r'rowspan\s*=\s*"?(\d+)', attributes)
        return (_plain(value), int(span.group(1)) if span else 1)
    return (_plain(text), 1)


def _spread_rowspans(rows):
    width = max(len(row) for row in rows)
    result, pending = [], {}
    for cells in rows:
        full, source = [], list(cells)
        for column in range(width):
            if column in pending:
                text, left = pending.pop(column)
                full.append(text)
                if left > 2:
                    pending[column] = (text, left - 1)
            elif source:
                text, span = source.pop(0)
                full.append(text)
                if span > 1:
                    pending[column] = (text, span)
        result.append(full)
    return result
