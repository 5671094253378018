"""Read a Copa Perú season article (wikitext) into plain data, with mwparserfromhell.

Nothing here touches the database. ``parse_article(text)`` returns an
``Article``: what the article states, and ``warnings`` for what it can't read
or lacks (the rest is still read). What is broken (a match box cut off, a
played match without a score) is an error: ``parse_article`` then raises
``WikitextError`` with every error it found. Each warning and error is a
``Problem`` naming its line.

mwparserfromhell's nodes don't know where they stand in the text, but joined
they give the text back exactly: the reader keeps a running offset.
"""

import bisect
import contextlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

import mwparserfromhell
from django.utils.translation import gettext
from mwparserfromhell.nodes import Heading, Tag, Template, Text

from ..base import InterchangeError

INFOBOX = "infobox football league season"
SPORTS_TABLE = "#invoke:sports table"
FOOTBALL_BOX = "football box collapsible"
FOOTBALL_BOXES = {FOOTBALL_BOX, "football box", "footballbox collapsible", "footballbox"}
TWO_LEG_RESULT = "twolegresult"
FB_CL = {"fb cl header", "fb cl team", "fb cl footer", "fb cl2 team", "fb cl3 team"}
BRACKET = re.compile(r"^(?:#invoke:\s*(?:roundn|team bracket)|\d+teambracket)", re.IGNORECASE)
DATA_TEMPLATES = re.compile(
    r"\{\{\s*(infobox football league season|#invoke:\s*sports table|football ?box"
    r"(?: collapsible)?|twolegresult|fb cl2? team|#invoke:\s*roundn|\d+teambracket)",
    re.IGNORECASE,
)
HARMLESS_TEMPLATES = re.compile(
    r"^(langx|lang|lang-\w+|col-.*|div col.*|reflist|refbegin|refend|notelist|efn.*|clear|clr|"
    r"cite .*|citation.*|sfn.*|main|see also|further|portal.*|short description|use \w+ dates|"
    r"flagicon|flag|fb|fbw|nowrap|small|abbr|webarchive|commons.*|authority control|"
    r"defaultsort:.*|toc.*|legend.*|updated|as of|by|start date|dts|date|goal|sort|"
    r"nbsp|snd|ndash|mdash|·|•|dot|hr|!|=)$",
)
PROSE_SECTIONS = re.compile(
    r"^(references?|notes?|footnotes|see also|external links|bibliography|sources|"
    r"further reading|format|overview|background|history|summary|top ?scorers)$",
    re.IGNORECASE,
)
LANGUAGES = {"es": "Spanish", "qu": "Quechua", "ay": "Aymara", "pt": "Portuguese", "en": "English"}
SCORE = re.compile(r"^\s*(\d+)\s*[–—−-]\s*(\d+)\s*(.*)$", re.DOTALL)
PENALTIES = re.compile(r"\(\s*(\d+)\s*[–—−-]\s*(\d+)\s*(?:p|pen|pens|penalties)\.?\s*\)", re.I)
EXTRA_TIME = re.compile(r"a\.?\s*e\.?\s*t\.?|after extra time", re.IGNORECASE)
WALKOVER = re.compile(r"w\s*/\s*o|w\.\s*o\.?|walkover", re.IGNORECASE)
LEG_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
LEG = re.compile(r"\b(first|1st|second|2nd|third|3rd)\s+leg\b|\bleg\s*(\d)\b", re.IGNORECASE)
# Where a list of top scorers breaks: "<br>", a new line or ";", but not the ";" that
# ends an entity (&#124;, as the export writes a "|" in a name).
LIST_BREAK = re.compile(r"(&#?\w+;)|<br\s*/?>|\n|;", re.IGNORECASE)
# Templates that stand for a character ({{!}} is "|"), as articles write markup in values.
CHARACTER_TEMPLATES = {"!": "|", "=": "="}
PRIVATE_USE = range(0xE000, 0xF900)  # Unicode's private use area (BMP)
PLAY_OFF = re.compile(r"play-?\s?off|replay|desempate|third match|tiebreaker match", re.I)


class WikitextError(InterchangeError):
    """The article can't be imported; ``problems`` says where and why."""

    def __init__(self, message="", problems=()):
        self.problems = list(problems) or [Problem(None, message)]
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Problem:
    """A warning or an error, and the line of the article it is about."""

    line: int | None
    message: str

    def __str__(self):
        if not self.line:
            return self.message
        # Translators: where in the article a warning or error is: "line 12: …".
        return gettext("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


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
    code_given: bool = True  # a {{Fb cl team}} row has a name but no short code

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
    source: str = ""  # the table's source=, which names a published table's origin
    line: int | None = None
    section: list = field(default_factory=list)
    template: str = "{{#invoke:sports table}}"
    published: bool = False  # set by the plan: its matches don't cover it

    def status_of(self, index, row):
        """The row's status letter: its own status_XXX, else its zone's code."""
        zone = next((z for z in self.zones if z.first <= index <= z.last), None)
        return row.status or (zone.code if zone else "")


@dataclass
class GoalEntry:
    player: str
    minute: int | None = None
    penalty: bool = False
    own_goal: bool = False


@dataclass
class MatchBox:
    """One match: a football box, or a leg that a knockout summary gives."""

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
    line: int | None = None
    leg: int | None = None  # in a knockout tie: the leg it names ("Second leg")
    play_off: bool = False  # a deciding match after the legs
    legs: int | None = None  # the tie's number of legs, where the box says it
    aggregate: tuple | None = None  # (team1's, team2's) where the box says it
    away_goals: bool = False  # its aggregate says "(a)"
    source: str = "{{Football box collapsible}}"
    duplicate: bool = False  # set by the plan: it repeats another box

    def describe(self):
        number = f" #{self.number}" if self.number else ""
        return gettext("%(source)s (%(home)s v %(away)s)") % {
            "source": f"{self.source}{number}",
            "home": self.team1,
            "away": self.team2,
        }

    def same_result(self, other):
        return (self.team1, self.team2, self.score1, self.score2, self.penalties) == (
            other.team1,
            other.team2,
            other.score1,
            other.score2,
            other.penalties,
        )


@dataclass
class Tie:
    """A knockout tie as a summary gives it ({{TwoLegResult}}, a bracket)."""

    line: int
    section: list
    stage: str
    team1: str  # at home in the first leg
    team2: str
    legs: list  # MatchBox, in order
    source: str
    aggregate: tuple | None = None
    away_goals: bool = False  # "(a)": decided on away goals
    bracket_round: int = 0  # the bracket's round number; 0 outside a bracket
    legs_count: int | None = None

    def describe(self):
        return gettext("%(source)s (%(home)s v %(away)s)") % {
            "source": self.source,
            "home": self.team1,
            "away": self.team2,
        }


@dataclass
class Note:
    """A paragraph of prose, and the section it is in (knockout rules hide there)."""

    section: list
    line: int
    text: str


@dataclass
class Article:
    title: str = ""
    year: int | None = None
    winners: str = ""
    winners_line: int | None = None
    top_scorers: list = field(default_factory=list)  # [(name, goals, club)]
    top_scorers_line: int | None = None
    intro: str = ""
    qualifiers: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    matches: list = field(default_factory=list)
    ties: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # Problem
    errors: list = field(default_factory=list)  # Problem


def parse_article(text):
    if not isinstance(text, str) or "\x00" in text:
        raise WikitextError(gettext("This is not wikitext: the file is binary."))
    try:
        article = _read(text)
    except RecursionError:
        # mwparserfromhell builds (and prints) its tree recursively: {{ nested
        # some thousand deep is more than Python's stack.
        raise WikitextError(gettext("The file nests too deeply to be read.")) from None
    if article.errors:
        raise WikitextError(problems=article.errors)
    if not (
        article.tables or article.matches or article.ties or article.qualifiers or article.year
    ):
        raise WikitextError(
            gettext(
                "No Copa Perú season found: the text has no {{Infobox football league "
                "season}}, no {{#invoke:sports table}}, no {{Football box collapsible}} and "
                "no wikitable of qualified teams. Is it wikitext?"
            )
        )
    return article


def _read(text):
    code = mwparserfromhell.parse(text)
    article = Article()
    reader = _Reader(article, text)
    offset = 0
    for node in code.nodes:
        reader.visit(node, offset)
        offset += len(str(node))
    reader.finish()
    return article


@dataclass
class _Section:
    title: str
    line: int
    text: bool = False  # it has prose of its own
    data: bool = False  # it, or a section inside it, has something the importer reads


class _Reader:
    """Walks the article's top-level nodes in order, tracking the headings above."""

    def __init__(self, article, text):
        self.article = article
        self.newlines = [index for index, char in enumerate(text) if char == "\n"]
        self.headings = []  # [(level, title, _Section)]
        self.sections = []
        self.lead = []  # paragraphs before the first heading
        self.lead_open = False  # the lead starts after the infobox (or the title)
        self.seen_heading = False
        self.pending_text = []  # [(offset, text)]
        self.fb_cl_table = None  # a {{Fb cl header}} table being read
        self.last = None  # the last thing read: ("heading", line) or ("text", line, text)

    # Where things are --------------------------------------------------------------

    def line_at(self, offset):
        return bisect.bisect_left(self.newlines, offset) + 1

    def param_line(self, template, name, offset):
        """The line of a template's parameter (its "|"), found from the template's offset."""
        position = offset + 2 + len(str(template.name))
        for param in template.params:
            if str(param.name).strip() == name:
                return self.line_at(position)
            position += 1 + len(str(param))
        return self.line_at(offset)

    def titles(self):
        return [title for _, title, _ in self.headings]

    def warn(self, line, message):
        self.article.warnings.append(Problem(line, message))

    def error(self, line, message):
        self.article.errors.append(Problem(line, message))

    def mark_data(self):
        for _, _, section in self.headings:
            section.data = True
        self.last = None

    # The nodes -----------------------------------------------------------------------

    def visit(self, node, offset):
        if isinstance(node, Heading):
            self.flush_text()
            self.heading(node.level, _plain(node.title), self.line_at(offset))
        elif isinstance(node, Template):
            self.template(node, offset)
        elif isinstance(node, Tag) and str(node.tag).lower() == "table":
            self.flush_text()
            self.close_fb_cl()
            if self.wikitable_rows(_tag_table_rows(node)):
                self.mark_data()
            self.inner_templates(node, offset)
        else:
            if isinstance(node, Text):
                self.unclosed(str(node), offset)
                self.pending_text.append((offset, str(node)))
            else:
                self.pending_text.append((offset, _render_inline(node)))

    def template(self, node, offset):
        name, line = _name(node), self.line_at(offset)
        handler = self.handler(name)
        if handler is None:
            if name.startswith("col-"):
                self.flush_text()
            elif not HARMLESS_TEMPLATES.match(name):
                self.warn(
                    line,
                    gettext("template {{%(name)s}} is not one this importer reads; skipped.")
                    % {"name": str(node.name).strip()},
                )
            self.pending_text.append((offset, _render_inline(node)))
            return
        self.flush_text()
        if name not in FB_CL:
            self.close_fb_cl()
        try:
            handler(node, offset)
        except WikitextError as error:
            self.error(line, str(error))
        else:
            self.mark_data()

    def handler(self, name):
        if name == INFOBOX:
            return self.infobox
        if name == SPORTS_TABLE:
            return self.sports_table
        if name in FOOTBALL_BOXES:
            return self.football_box
        if name == TWO_LEG_RESULT:
            return self.two_leg_result
        if name in FB_CL:
            return self.fb_cl
        if BRACKET.match(name):
            return self.bracket
        return None

    def inner_templates(self, tag, offset):
        """Templates that a wikitable lays out ({{TwoLegResult}} rows, boxes, brackets)."""
        text, position = str(tag), 0
        for template in tag.contents.filter_templates():
            if self.handler(_name(template)) is None or text.find(str(template), position) < 0:
                continue  # not one to read, or inside one already read
            position = text.find(str(template), position)
            self.template(template, offset + position)
            position += len(str(template))

    def unclosed(self, text, offset):
        """A "{{" left as plain text: mwparserfromhell found no "}}" to close it."""
        for found in re.finditer(r"\{\{\s*([^|{}\n]*)", text):
            line, name = self.line_at(offset + found.start()), " ".join(found.group(1).split())
            if DATA_TEMPLATES.match(found.group()):
                self.error(
                    line,
                    gettext("{{%(name)s}} is not closed (no }}): it is cut off here.")
                    % {"name": name},
                )
            else:
                self.warn(
                    line,
                    gettext(
                        "{{%(name)s}} is not closed (no }}): the article may be cut short "
                        "here; what follows is read as text."
                    )
                    % {"name": name},
                )

    def heading(self, level, title, line):
        self.close_fb_cl()
        self.seen_heading = True
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        section = _Section(title, line)
        self.sections.append(section)
        self.headings.append((level, title, section))
        self.last = ("heading", line, title)

    def flush_text(self):
        """Paragraphs, flattened wikitables and headings that lost their = marks."""
        if not self.pending_text:
            return
        offset = self.pending_text[0][0]
        text = "".join(piece for _, piece in self.pending_text)
        self.pending_text = []
        if 'class="wikitable"' in text and "{|" not in text:
            before, _, table = text.partition('class="wikitable"')
            self.paragraphs(before, offset)
            if self.wikitable_rows(_flat_table_rows(table)):
                self.mark_data()
            return
        self.paragraphs(text, offset)

    def paragraphs(self, text, offset):
        first_line, position = self.line_at(offset), 0
        for part in re.split(r"(\n\s*\n)", text):
            start, position = position, position + len(part)
            line_text = " ".join(part.split())
            if not line_text or re.match(r"^(category|categoría|[a-z]{2}):\S", line_text, re.I):
                continue  # category and interlanguage links at the foot of the article
            line = first_line + text.count("\n", 0, start + len(part) - len(part.lstrip()))
            if not self.lead_open and not self.article.title:
                self.article.title = line_text
                self.lead_open = True
            elif _looks_like_lost_heading(line_text):
                self.heading(0, line_text, line)
            elif self.lead_open and not self.seen_heading:
                self.lead.append(line_text)
            else:
                self.article.notes.append(Note(self.titles(), line, line_text))
                if self.headings:
                    self.headings[-1][2].text = True
                self.last = ("text", line, line_text)

    def finish(self):
        self.flush_text()
        self.close_fb_cl()
        self.article.intro = "\n\n".join(self.lead)
        for section in self.sections:
            if section.text and not section.data and not PROSE_SECTIONS.match(section.title):
                self.warn(
                    section.line,
                    gettext(
                        "section %(title)r holds no table, match or bracket this "
                        "importer reads; skipped."
                    )
                    % {"title": section.title},
                )
        self.cut_short()

    def cut_short(self):
        """A mirror's copy that stops early: after a heading, mid-sentence or mid-template."""
        if self.last is None:
            return
        kind, line = self.last[:2]
        if kind == "heading":
            why = gettext("it stops at the heading %(title)r, with nothing under it") % {
                "title": self.last[2]
            }
        elif re.search(r"(\.\.\.|…)$", self.last[2]) or not re.search(
            r"[.!?:;)\]}>'\"]$", self.last[2]
        ):
            why = gettext("it stops mid-sentence")
        else:
            return
        self.warn(
            line,
            gettext("the article looks cut short (%(why)s); what comes before is imported.")
            % {"why": why},
        )

    # The templates -------------------------------------------------------------------

    def infobox(self, node, offset):
        article = self.article
        self.lead_open = True
        season = _param(node, "season")
        if season:
            match = re.search(r"\d{4}", season)
            if not match:
                raise WikitextError(
                    gettext("{{Infobox football league season}}: season %(season)r is not a year.")
                    % {"season": season}
                )
            article.year = int(match.group())
        article.winners = _team_name(_param_code(node, "winners"))
        article.winners_line = self.param_line(node, "winners", offset)
        line = article.top_scorers_line = self.param_line(node, "league topscorer", offset)
        for item in _list_items(str(_param_code(node, "league topscorer"))):
            text = _plain(item)
            if not text:
                continue
            scorer = _scorer(text)
            if scorer is None:
                self.warn(
                    line,
                    gettext(
                        "{{Infobox football league season}}: league topscorer %(text)r has no "
                        "tally (write it as 'Name (5)'); not imported."
                    )
                    % {"text": text},
                )
            else:
                article.top_scorers.append(scorer)

    def sports_table(self, node, offset):
        number = len(self.article.tables) + 1
        where = f"{{{{#invoke:sports table}}}} #{number}"
        codes = []
        for index in range(1, 100):
            value = _param(node, f"team{index}")
            if not value:
                break
            codes.append(value)
        if not codes:
            raise WikitextError(
                gettext("%(where)s: it lists no team (team1=…).") % {"where": where}
            )
        rows = []
        for code in codes:
            row = TableRow(code=code, name=_team_name(_param_code(node, f"name_{code}")) or code)
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
        self.add_table(
            rows,
            self.line_at(offset),
            win_points=_int(node, "winpoints", where) if _param(node, "winpoints") else None,
            zones=_zones(node, len(rows), where),
            class_rules=_plain(_param_code(node, "class_rules")),
            complete=_param(node, "update").lower() == "complete",
            source=_param(node, "source")[:200],
        )

    def add_table(self, rows, line, **values):
        titles = self.titles()
        number = len(self.article.tables) + 1
        group = titles[-1] if titles else f"Group {chr(ord('A') + number - 1)}"
        stage = titles[-2] if len(titles) > 1 else group
        table = SportsTable(stage=stage, group=group, rows=rows, line=line, **values)
        table.section = titles
        self.article.tables.append(table)
        return table

    def fb_cl(self, node, offset):
        """{{Fb cl header}}, a {{Fb cl team}} per row, {{Fb cl footer}}: a table."""
        name, line = _name(node), self.line_at(offset)
        if name == "fb cl header" or (self.fb_cl_table is None and name != "fb cl footer"):
            self.close_fb_cl()
            self.fb_cl_table = (line, [])
        if name == "fb cl footer":
            self.close_fb_cl()
            return
        if name == "fb cl header":
            return
        team = _team_name(_param_code(node, "t"))
        if not team:
            self.warn(line, gettext("{{Fb cl team}} names no team (t=); row skipped."))
            return
        where = f"{{{{Fb cl team}}}} ({team})"
        row = TableRow(code=team, name=team, code_given=False)
        for attr, key in (("won", "w"), ("drawn", "d"), ("lost", "l")):
            setattr(row, attr, _int(node, key, where))
        row.goals_for, row.goals_against = _int(node, "gf", where), _int(node, "ga", where)
        rows = self.fb_cl_table[1]
        position = _int(node, "p", where) if _param(node, "p") else None
        if position is not None and position != len(rows) + 1 and position <= len(rows):
            row.position = position  # shared with the row above ("3=")
        rows.append(row)

    def close_fb_cl(self):
        if self.fb_cl_table is None:
            return
        line, rows = self.fb_cl_table
        self.fb_cl_table = None
        if rows:
            self.add_table(rows, line, template="{{Fb cl team}}")

    def football_box(self, node, offset):
        number = len(self.article.matches) + 1
        team1, team2 = (
            _team_name(_param_code(node, "team1")),
            _team_name(_param_code(node, "team2")),
        )
        where = f"{{{{Football box collapsible}}}} #{number}"
        if not team1 or not team2:
            raise WikitextError(
                gettext("%(where)s: team1 and team2 are both needed.") % {"where": where}
            )
        where = f"{where} ({team1} v {team2})"
        score_text = _plain(_param_code(node, "score"))
        score = _score(score_text)
        if score is None:
            raise WikitextError(
                gettext("%(where)s: score %(score)r can't be read; write it as 2–1.")
                % {"where": where, "score": score_text}
                if score_text
                else gettext("%(where)s: it has no score.") % {"where": where}
            )
        titles = self.titles()
        own_round = _param(node, "round")
        round_text = own_round or (titles[-1] if titles else "")
        box = MatchBox(
            number=number,
            section=titles,
            round=_round_number(round_text),
            date=_date(_param_code(node, "date"), where),
            time=_time(_param(node, "time")),
            team1=team1,
            team2=team2,
            score1=score.first,
            score2=score.second,
            extra_time=bool(_param(node, "aet")) or score.extra_time,
            penalties=score.penalties,
            walkover=score.walkover,
            stadium=_plain(_param_code(node, "stadium")),
            attendance=_attendance(_param(node, "attendance"), where),
            referee=_plain(_param_code(node, "referee")),
            report=_url(_param_code(node, "report")),
            goals1=_goals(_param_code(node, "goals1")),
            goals2=_goals(_param_code(node, "goals2")),
            line=self.line_at(offset),
            leg=_leg_number(round_text),
            play_off=bool(PLAY_OFF.search(own_round)),
        )
        self.box_tie_details(node, box, where)
        penalties = _plain(_param_code(node, "penaltyscore"))
        if penalties:
            found_penalties = SCORE.match(penalties)
            if not found_penalties:
                raise WikitextError(
                    gettext("%(where)s: penaltyscore %(score)r can't be read; write it as 4–3.")
                    % {"where": where, "score": penalties}
                )
            box.penalties = (int(found_penalties.group(1)), int(found_penalties.group(2)))
        self.article.matches.append(box)

    def box_tie_details(self, node, box, where):
        """A knockout leg's box may give the tie's aggregate and its number of legs."""
        aggregate = _plain(_param_code(node, "aggregatescore"))
        if aggregate:
            score = _score(aggregate)
            if score is None:
                self.warn(
                    box.line,
                    gettext("%(where)s: aggregatescore %(score)r can't be read.")
                    % {"where": where, "score": aggregate},
                )
            else:
                box.aggregate, box.away_goals = (score.first, score.second), score.away_goals
                box.legs = 2
        legs = _param(node, "legs")
        if legs:
            if legs.isdigit() and int(legs) in (1, 2):
                box.legs = int(legs)
            else:
                self.warn(
                    box.line,
                    gettext("%(where)s: legs=%(legs)r is not 1 or 2; not read.")
                    % {"where": where, "legs": legs},
                )

    def two_leg_result(self, node, offset):
        """{{TwoLegResult|Team1|nat1|agg|Team2|nat2|leg1|leg2}}; scores from team 1's side."""
        line = self.line_at(offset)
        values = [p.value for p in node.params if not p.showkey]
        team1 = _team_name(values[0]) if values else ""
        team2 = _team_name(values[3]) if len(values) > 3 else ""
        if not team1 or not team2:
            self.warn(
                line,
                gettext(
                    "{{TwoLegResult}} without its two teams (Team1|nat1|agg|Team2|…); skipped."
                ),
            )
            return
        tie = Tie(
            line, self.stage_titles(), self.stage_name(), team1, team2, [], "{{TwoLegResult}}"
        )
        scores = [_plain(value) for value in values[5:8]]
        if len(scores) == 3 and re.fullmatch(r"\d", scores[2]):
            tie.legs_count = int(scores.pop())
        if _param(node, "legs").isdigit():
            tie.legs_count = int(_param(node, "legs"))
        for number, text in enumerate(scores, start=1):
            self.add_leg(tie, number, text, play_off=number > 2)
        self.tie_aggregate(tie, _plain(values[2]) if len(values) > 2 else "")
        self.article.ties.append(tie)

    def add_leg(self, tie, number, text, play_off=False):
        """A leg written from team 1's side: team 1 at home in the first leg (and a play-off)."""
        if not text:
            return
        score = _score(text)
        if score is None:
            self.warn(
                tie.line,
                gettext("%(tie)s: leg %(number)s %(text)r can't be read; the leg is not imported.")
                % {"tie": tie.describe(), "number": number, "text": text},
            )
            return
        at_home = number % 2 == 1 or play_off
        home, away = (tie.team1, tie.team2) if at_home else (tie.team2, tie.team1)
        goals = (score.first, score.second) if at_home else (score.second, score.first)
        penalties = score.penalties
        if penalties and not at_home:
            penalties = (penalties[1], penalties[0])
        if score.penalties_unknown:
            self.warn(
                tie.line,
                gettext(
                    "%(tie)s: the shoot-out's score is not given; the leg is imported without it."
                )
                % {"tie": tie.describe()},
            )
        tie.legs.append(
            MatchBox(
                number=0,
                section=tie.section,
                round=None,
                date=None,
                time=None,
                team1=home,
                team2=away,
                score1=goals[0],
                score2=goals[1],
                extra_time=score.extra_time,
                penalties=penalties,
                walkover=score.walkover,
                line=tie.line,
                leg=None if play_off else number,
                play_off=play_off,
                source=tie.source,
            )
        )

    def tie_aggregate(self, tie, text):
        """The aggregate: (a), a shoot-out's score, and a check against the legs."""
        score = _score(text) if text else None
        if score is None:
            if text and not WALKOVER.search(text):
                self.warn(
                    tie.line,
                    gettext("%(tie)s: aggregate %(text)r can't be read.")
                    % {"tie": tie.describe(), "text": text},
                )
            return
        tie.aggregate, tie.away_goals = (score.first, score.second), score.away_goals
        regular = [leg for leg in tie.legs if not leg.play_off]
        if score.penalties and regular and regular[-1].penalties is None:
            last = regular[-1]
            on_team1_side = last.team1 == tie.team1
            last.penalties = score.penalties if on_team1_side else score.penalties[::-1]
        elif score.penalties_unknown and not any(leg.penalties for leg in tie.legs):
            self.warn(
                tie.line,
                gettext(
                    "%(tie)s: the shoot-out's score is not given; the tie is imported without it."
                )
                % {"tie": tie.describe()},
            )
        if len(regular) == (tie.legs_count or 2):
            goals = [
                sum(leg_goals(leg, team) for leg in regular) for team in (tie.team1, tie.team2)
            ]
            if tuple(goals) != tie.aggregate:
                raise WikitextError(
                    gettext(
                        "%(tie)s: the aggregate %(text)r is not the sum of the legs "
                        "(%(first)s–%(second)s)."
                    )
                    % {"tie": tie.describe(), "text": text, "first": goals[0], "second": goals[1]}
                )

    def bracket(self, node, offset):
        """{{16TeamBracket|RD1-team01=…|RD1-score01=…}} and the like: a tie per pair."""
        line = self.line_at(offset)
        rounds = {}
        for param in node.params:
            found = re.fullmatch(r"RD(\d+)-team0*(\d+)", str(param.name).strip(), re.IGNORECASE)
            if found:
                rounds.setdefault(int(found[1]), {})[int(found[2])] = _team_name(param.value)
        if not rounds:
            self.warn(
                line,
                gettext(
                    "{{%(name)s}}: no team as RD1-team01=… can be read; the bracket is skipped."
                )
                % {"name": _name(node)},
            )
            return
        for number, slots in sorted(rounds.items()):
            size = 2 * ((max(slots) + 1) // 2)
            name = _param(node, f"RD{number}") or _round_name(size)
            for first in range(1, size, 2):
                teams = slots.get(first, ""), slots.get(first + 1, "")
                if not all(teams) or {t.lower() for t in teams} & {"tbd", "tba", "bye"}:
                    continue
                tie = Tie(
                    line, self.stage_titles(), name, *teams, [], "bracket", bracket_round=number
                )
                self.bracket_tie(node, tie, number, first)
                self.article.ties.append(tie)

    def bracket_tie(self, node, tie, number, first):
        def score(slot, suffix=""):
            return _bracket_score(node, number, slot, suffix)

        legs = [(score(first, f"-{n}"), score(first + 1, f"-{n}")) for n in (1, 2, 3)]
        if not any(a or b for a, b in legs):
            legs = [(score(first), score(first + 1))]
        for leg, (a, b) in enumerate(legs, start=1):
            if not (a and b):
                continue
            text = f"{a[0]}–{b[0]}"  # from team 1's side, as add_leg reads it
            if a[1] is not None and b[1] is not None:
                text += f" ({a[1]}–{b[1]} p)"
            self.add_leg(tie, leg, text, play_off=leg == 3)
        aggregate = (score(first, "-agg"), score(first + 1, "-agg"))
        if all(aggregate):
            self.tie_aggregate(tie, f"{aggregate[0][0]}–{aggregate[1][0]}")
        tie.legs_count = len([leg for leg in tie.legs if not leg.play_off]) or None

    def stage_titles(self):
        """The headings above, without one that names a leg ("First leg")."""
        titles = self.titles()
        return titles[:-1] if titles and LEG.search(titles[-1]) else titles

    def stage_name(self):
        titles = self.stage_titles()
        return titles[-1] if titles else "Knockout stage"

    def wikitable_rows(self, rows):
        """A table of Department / Team / Location, with rowspans already spread."""
        if not rows:
            return False
        header = [cell.lower() for cell in rows[0]]
        if not ("team" in header and ("department" in header or "region" in header)):
            return False
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
        return True


@dataclass(frozen=True)
class Score:
    first: int
    second: int
    extra_time: bool = False
    penalties: tuple | None = None
    walkover: bool = False
    away_goals: bool = False  # "(a)"
    penalties_unknown: bool = False  # "(p)" without the shoot-out's score


def _score(text):
    """ "2–1", "1–1 (a.e.t.)", "2–2 (4–3 p)", "3–3 (a)", "3–0 (w/o)"; None if unreadable."""
    found = SCORE.match(text)
    if not found:
        return None
    rest = found.group(3)
    penalties = PENALTIES.search(rest)
    return Score(
        int(found.group(1)),
        int(found.group(2)),
        extra_time=bool(EXTRA_TIME.search(rest)),
        penalties=(int(penalties.group(1)), int(penalties.group(2))) if penalties else None,
        walkover=bool(WALKOVER.search(rest)),
        away_goals=bool(re.search(r"\(\s*a\s*\)", rest)),
        penalties_unknown=not penalties and bool(re.search(r"\(\s*p\s*\)", rest)),
    )


def leg_goals(leg, team):
    return leg.score1 if leg.team1 == team else leg.score2


def _team_name(code):
    """A club as an article writes it, without links, flags, notes or "(1st Title)"."""
    return _keeping_entities(code, _bare_team_name)


def _bare_team_name(code):
    text = _plain(code)
    text = re.sub(r"\[\d+\]|\*+$", "", text)
    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\s*\([^()]*\)", "", text)
    return " ".join(text.split()).strip(" ,;–-")


def _keeping_entities(code, clean):
    """``clean(code)``, blind to what entities spell: a character written as an entity
    (&#59;, as the export escapes a ";" in a name) is the value's own, never the stray
    punctuation or note that ``clean`` drops. Each entity stands in as a character of
    Unicode's private use area while ``clean`` reads the text."""
    code = mwparserfromhell.parse(str(code))
    spelled = []
    for entity in list(code.filter_html_entities()):
        if len(spelled) == PRIVATE_USE.stop - PRIVATE_USE.start:
            break
        spelled.append(entity.normalize())
        with contextlib.suppress(ValueError):
            code.replace(entity, chr(PRIVATE_USE.start + len(spelled) - 1))
    text = clean(code)
    if not spelled:
        return text
    return "".join(
        spelled[ord(char) - PRIVATE_USE.start] if ord(char) in PRIVATE_USE[: len(spelled)] else char
        for char in text
    )


def _scorer(text):
    """(name, goals, club) of "Name (22) (Club)" or "Name (Club) (22)"; None without a tally."""
    notes = re.findall(r"\(([^()]*)\)", text)
    name = " ".join(re.sub(r"\([^()]*\)", " ", text).split()).strip(" ,;–-")
    tallies = [n for n in notes if re.fullmatch(r"\s*\d+(?:\s*goals?)?\s*", n)]
    if not name or not tallies:
        return None
    clubs = [" ".join(n.split()) for n in notes if n not in tallies]
    return name, int(re.match(r"\s*(\d+)", tallies[0]).group(1)), clubs[0] if clubs else ""


def _round_number(text):
    """The round a box names: "Round 3", "Fecha 2", "Leg 2", "Second leg"."""
    leg = _leg_number(text)
    if leg:
        return leg
    if re.search(r"round|fecha|matchday|jornada", text, re.IGNORECASE):
        found = re.search(r"(\d+)", text)
        return int(found.group(1)) if found else None
    return None


def _leg_number(text):
    found = LEG.search(text)
    if not found:
        return None
    return int(found.group(2)) if found.group(2) else LEG_WORDS[found.group(1).lower()]


def _round_name(teams):
    return {2: "Final", 4: "Semi-finals", 8: "Quarter-finals"}.get(teams, f"Round of {teams}")


def _bracket_score(template, number, slot, suffix):
    """(goals, penalties) of a bracket's score cell: "2", "1 (4)"; None when empty."""
    for name in (f"RD{number}-score{slot:02d}{suffix}", f"RD{number}-score{slot}{suffix}"):
        text = _plain(_param_code(template, name))
        found = re.fullmatch(r"(\d+)\s*(?:\((\d+)\s*(?:p|pen)?\.?\))?", text)
        if found:
            return int(found.group(1)), int(found.group(2)) if found.group(2) else None
    return None


def _looks_like_lost_heading(line):
    """A short line with no sentence punctuation: a heading whose = marks were lost."""
    return len(line) <= 60 and not re.search(r"[.!?:;,)\]}|]$", line) and "=" not in line


def _list_items(text):
    """The items of a list written "A (5)<br>B (4)" or "A (5); B (4)"."""
    items, start = [], 0
    for found in LIST_BREAK.finditer(text):
        if not found.group(1):
            items.append(text[start : found.start()])
            start = found.end()
    return [*items, text[start:]]


def _name(template):
    return " ".join(str(template.name).split()).lower()


def _param_code(template, name):
    for param in template.params:
        if str(param.name).strip() == name:
            return param.value
    return mwparserfromhell.parse("")


def _param(template, name):
    raw = str(_param_code(template, name)).strip()
    text = _plain(raw) if re.search(r"\[\[|\{\{|<|&|''|\[http", raw) else raw
    return " ".join(text.split())


def _plain(code):
    """Text without markup: links become their label, templates are rendered or dropped,
    entities and {{!}} become their character (&#124; and {{!}} are "|")."""
    code = mwparserfromhell.parse(str(code))
    for template in code.filter_templates(recursive=False):
        with contextlib.suppress(ValueError):  # already replaced with its parent
            code.replace(template, _render_inline(template))
    return code.strip_code(normalize=True, collapse=True).strip()


def _render_inline(node):
    if isinstance(node, Template):
        name = _name(node)
        if name in CHARACTER_TEMPLATES and not node.params:
            return CHARACTER_TEMPLATES[name]
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
        raise WikitextError(
            gettext("%(where)s: %(name)s=%(text)r is not a whole number.")
            % {"where": where, "name": name, "text": text}
        ) from None


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
            raise WikitextError(
                gettext("%(where)s: col_%(code)s=%(colour)r is not a colour like #D0F0C0.")
                % {"where": where, "code": code, "colour": colour}
            )
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
                raise WikitextError(
                    gettext("%(where)s: date %(date)r can't be read.")
                    % {"where": where, "date": str(code).strip()}
                ) from None
    text = _plain(code)
    if not text:
        return None
    text = re.sub(r"\s+", " ", text)
    for pattern in ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d", "%d %b %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise WikitextError(
        gettext("%(where)s: date %(date)r can't be read; write it as 19 January 1997.")
        % {"where": where, "date": text}
    )


def _time(text):
    found = re.search(r"\b(\d{1,2}):(\d{2})\b", text)
    return time(int(found.group(1)), int(found.group(2))) if found else None


def _attendance(text, where):
    digits = text.replace(",", "").replace(".", "").replace(" ", "")
    if not digits:
        return None
    if not digits.isdigit():
        raise WikitextError(
            gettext("%(where)s: attendance %(text)r is not a number.")
            % {"where": where, "text": text}
        )
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
