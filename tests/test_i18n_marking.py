"""Every word a reader sees in a template is marked for translation.

A template is reduced to what the reader sees: the text between tags, and the
attributes a browser shows or reads aloud (``title``, ``alt``, ``aria-label``,
``placeholder``, a button's ``value``). Template comments, ``{% translate %}``
and ``{% blocktranslate %}`` (which the catalogue covers), other tags and
variables are dropped first. No letter may be left but the names in ALLOWED.
"""

import html
import re
from pathlib import Path

import pytest
from django.template.loader import get_template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", ROOT / "tournaments" / "templates"]

# Names and symbols that read the same in every language.
ALLOWED = ["Copa Perú", "football.json", "CSV", "SVG"]

# The templates the languages are set up in (the <html lang>, the language
# switch) are marked on that work's own branch. Strict: once they are marked,
# the entry fails, and goes.
PENDING = {}  # template name: why it may stay unmarked for now (an expected failure)

# Arguments of the date filter that follow the active language: its named
# formats, the machine date of a <time datetime>, the weekday's name alone.
LOCALE_DATE_FORMATS = {
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
    "Y-m-d",
    "l",
}

VISIBLE_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}
BUTTON_TYPES = {"submit", "button", "reset"}

COMMENT = re.compile(r"{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
# Blocks whose content is markup, not text (the admin's body classes).
NON_TEXT_BLOCK = re.compile(r"{%\s*block\s+bodyclass\s*%}.*?{%\s*endblock\b[^%]*%}", re.S)
BLOCKTRANSLATE = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}(?P<text>.*?){%\s*endblocktrans(?:late)?\s*%}", re.S
)
TRANSLATE = re.compile(
    r"""{%\s*trans(?:late)?\s+(?:(?P<quote>["'])(?P<text>.*?)(?P=quote))?.*?%}""", re.S
)
TAG_OR_VARIABLE = re.compile(r"{%.*?%}|{{.*?}}", re.S)
HTML_COMMENT_OR_DECLARATION = re.compile(r"<!--.*?-->|<![^>]*>", re.S)
STYLE_ELEMENT = re.compile(r"<style\b.*?</style>", re.S | re.I)  # CSS, not text
HTML_TAG = re.compile(r"""<(?P<attributes>/?[a-zA-Z](?:"[^"]*"|'[^']*'|[^'">])*)>""")
ATTRIBUTE = re.compile(r"""(?P<name>[\w:-]+)\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'>]+)""")
FILTER_LITERAL = re.compile(r"""\|\s*(?P<filter>\w+)\s*:\s*(?P<quote>["'])(?P<arg>.*?)(?P=quote)""")
LETTERS = re.compile(r"[^\W\d_]+")


def template_names():
    return sorted(
        path.relative_to(base).as_posix() for base in TEMPLATE_DIRS for path in base.rglob("*.html")
    )


def source(name):
    for base in TEMPLATE_DIRS:
        if (base / name).is_file():
            return (base / name).read_text(encoding="utf-8")
    raise FileNotFoundError(name)


def with_pending(names):
    return [
        pytest.param(name, marks=pytest.mark.xfail(reason=PENDING[name], strict=True))
        if name in PENDING
        else name
        for name in names
    ]


def visible_attributes(tag):
    attributes = {
        m["name"].lower(): html.unescape(m["value"].strip("\"'"))
        for m in ATTRIBUTE.finditer(tag["attributes"])
    }
    shown = [value for name, value in attributes.items() if name in VISIBLE_ATTRIBUTES]
    if attributes.get("type", "").lower() in BUTTON_TYPES and "value" in attributes:
        shown.append(attributes["value"])
    if attributes.get("name", "").lower() == "description" and "content" in attributes:
        shown.append(attributes["content"])  # what a search engine shows of the page
    return " " + " ".join(shown) + " "


def untranslated_words(text):
    """The words of a template's source that a reader sees and no catalogue translates."""
    text = COMMENT.sub("", text)
    text = NON_TEXT_BLOCK.sub("", text)
    text = BLOCKTRANSLATE.sub("", text)
    text = TRANSLATE.sub("", text)
    text = STYLE_ELEMENT.sub(" ", text)
    text = TAG_OR_VARIABLE.sub("", text)  # "point{{ n|pluralize }}" leaves "point"
    text = HTML_COMMENT_OR_DECLARATION.sub(" ", text)
    text = html.unescape(HTML_TAG.sub(visible_attributes, text))
    for name in ALLOWED:
        text = text.replace(name, " ")
    return LETTERS.findall(text)


def language_bound_literals(text):
    """Filter arguments that fix English words or an English date order in place."""

    def bound(m):
        if m["filter"] == "date":
            return m["arg"] not in LOCALE_DATE_FORMATS
        return m["filter"] in ("default", "default_if_none") and LETTERS.search(m["arg"])

    return [m.group() for m in FILTER_LITERAL.finditer(COMMENT.sub("", text)) if bound(m)]


def bare_words(match):
    """What a translation tag marks, unmarked (its singular, for a plural)."""
    return re.sub(r"{%\s*plural\s*%}.*", "", match["text"] or "", flags=re.S)


@pytest.mark.parametrize("name", with_pending(template_names()))
def test_every_visible_word_is_marked_for_translation(name):
    assert untranslated_words(source(name)) == []


@pytest.mark.parametrize("name", template_names())
def test_dates_and_defaults_follow_the_language(name):
    assert language_bound_literals(source(name)) == []


@pytest.mark.parametrize("name", template_names())
def test_every_template_compiles(name):
    get_template(name)  # a {% translate %} without {% load i18n %} fails here


@pytest.mark.parametrize("name", template_names())
def test_unmarking_any_string_of_a_template_is_caught(name):
    text = source(name)
    missed = []
    for pattern in (TRANSLATE, BLOCKTRANSLATE):
        for match in pattern.finditer(text):
            words = bare_words(match)
            if not untranslated_words(words):
                continue  # "<strong>{{ winner }}</strong> {{ how }}": placeholders to order
            if not untranslated_words(text[: match.start()] + words + text[match.end() :]):
                missed.append(match.group())
    assert missed == []


@pytest.mark.parametrize(
    ("snippet", "words"),
    [
        ('<p>{% translate "Seasons" %}</p>', []),
        ("<p>Seasons</p>", ["Seasons"]),
        ("<p>{% blocktranslate %}Round {{ number }}{% endblocktranslate %}</p>", []),
        ("<h5>Round {{ number }}</h5>", ["Round"]),
        ("{{ goals }} goal{{ goals|pluralize }}", ["goal"]),
        ('<a class="winner" href="/x/" rel="nofollow">{{ team }}</a>', []),
        ('<a title="Match details" href="/x/">1–0</a>', ["Match", "details"]),
        ("<nav aria-label=\"{% translate 'Pages' %}\">", []),
        ('<input type="search" placeholder="name or code">', ["name", "or", "code"]),
        ('<input type="submit" value="Merge">', ["Merge"]),
        ('<input type="hidden" name="action" value="merge">', []),
        ("{# Translators: a note #}{% comment %}Not shown{% endcomment %}", []),
        ("<!doctype html><h1>Copa Perú</h1> · football.json", []),
        ("<p>&rsaquo; ✓ – —</p>", []),
    ],
)
def test_the_check_sees_what_a_reader_sees(snippet, words):
    assert untranslated_words(snippet) == words


@pytest.mark.parametrize(
    ("snippet", "found"),
    [
        ('{{ match.date|date:"j M Y" }}', ['|date:"j M Y"']),
        ('{{ match.date|date:"DATE_FORMAT" }}', []),
        ("<time datetime=\"{{ match.date|date:'Y-m-d' }}\">", []),
        ('{{ goal.scorer|default:"Unknown scorer" }}', ['|default:"Unknown scorer"']),
        ('{{ team.city|default:"—" }}', []),
    ],
)
def test_the_check_finds_english_in_filter_arguments(snippet, found):
    assert language_bound_literals(snippet) == found
