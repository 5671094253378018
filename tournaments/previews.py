"""What a link to the site shows where it is shared: a season's summary line, and a
1200×630 image drawn with Pillow (a season's final table, or the site's own card).

The text is drawn in DejaVu Sans (Debian's fonts-dejavu-core), found wherever the
system keeps its fonts; where it is missing, in Pillow's own default font.
"""

import io
from dataclasses import dataclass, replace
from functools import lru_cache

from django.utils.translation import gettext, ngettext, pgettext
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630  # what Facebook, X, WhatsApp and Slack show whole
MARGIN = 60
BAND = 130  # the title band, as the site's header: ink over a red line
ROW = 42

# The site's colours (static/css/site.css).
INK = "#1b2230"
MUTED = "#5b6475"
ACCENT = "#c8102e"
STRIPE = "#f4f6f9"
WHITE = "#ffffff"

FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}

# The site's mark, as static/img/favicon.svg draws it on a 64-unit square: a football,
# a red pentagon at its centre, a seam from each of its corners to a dark patch at the
# ball's edge (whatever of a patch overflows the ball is lost in the ink around it).
MARK_CORNER = 12
MARK_BALL = 22
MARK_PENTAGON = [(32, 23), (40.56, 29.22), (37.29, 39.28), (26.71, 39.28), (23.44, 29.22)]
MARK_PATCHES = [
    [(32, 15), (24.39, 9.47), (27.3, 0.53), (36.7, 0.53), (39.61, 9.47)],
    [(48.17, 26.75), (51.07, 17.8), (60.48, 17.8), (63.38, 26.75), (55.78, 32.27)],
    [(41.99, 45.75), (51.4, 45.75), (54.3, 54.7), (46.69, 60.23), (39.09, 54.7)],
    [(22.01, 45.75), (24.91, 54.7), (17.31, 60.23), (9.7, 54.7), (12.6, 45.75)],
    [(15.83, 26.75), (8.22, 32.27), (0.62, 26.75), (3.52, 17.8), (12.93, 17.8)],
]
MARK_SEAM_WIDTH = 3


@dataclass(frozen=True)
class Card:
    title: str
    lines: tuple = ()  # under the title: the first in bold, the others muted
    caption: str = ""  # the table's, with the points' heading on its right
    points_heading: str = ""
    rows: tuple = ()  # (position as printed, team, points)


# -- what the card and a season's link preview say -----------------------------------


def season_summary(champion, matches_played, goals):
    """'Champion: José Gálvez · 15 matches · 55 goals' (walkovers not counted)."""
    return " · ".join(filter(None, [champion_line(champion), counts_line(matches_played, goals)]))


def champion_line(champion):
    return gettext("Champion: %(team)s") % {"team": champion} if champion else ""


def counts_line(matches_played, goals):
    matches = ngettext("%(count)s match", "%(count)s matches", matches_played)
    goals_text = ngettext("%(count)s goal", "%(count)s goals", goals)
    return f"{matches % {'count': matches_played}} · {goals_text % {'count': goals}}"


def season_card(season, group):
    """The card of ``season`` (read with_summary()), with the table of its final
    group if it has one (``group`` None otherwise)."""
    lines = [champion_line(season.champion), counts_line(season.match_count, season.goal_count)]
    card = Card(title=str(season), lines=tuple(filter(None, lines)))
    if group is None:
        return card
    return replace(
        card,
        caption=group.display_name,
        points_heading=pgettext("table column", "Pts"),
        rows=tuple((printed(row), row.team.name, row.points) for row in group.standings.all()),
    )


def printed(row):
    """A table row's position as printed: "3", or "3=" when shared."""
    return f"{row.position}=" if row.shared_position else str(row.position)


def site_card():
    return Card(
        title=gettext("Copa Perú records"),
        lines=(
            gettext("Every season, table and result"),
            gettext("Peru's national amateur football tournament"),
        ),
    )


# -- drawing ---------------------------------------------------------------------------


@lru_cache(maxsize=16)
def font(weight, size):
    try:
        return ImageFont.truetype(FONT_FILES[weight], size)
    except OSError:  # not installed: Pillow's own font, plainer but complete
        return ImageFont.load_default(size)


def draw_card(card):
    """The card as a 1200×630 PNG (bytes)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, BAND), fill=INK)
    draw.rectangle((0, BAND, WIDTH, BAND + 6), fill=ACCENT)
    if card.rows:  # the mark in the band, the table below
        size = BAND - 34
        place_mark(image, size, (WIDTH - MARGIN - size, (BAND - size) // 2))
    else:  # the mark large, beside the lines
        size = 300
        place_mark(image, size, (WIDTH - MARGIN - size, (BAND + HEIGHT - size) // 2))
    title_width = WIDTH - 3 * MARGIN - size if card.rows else WIDTH - 2 * MARGIN
    write(draw, (MARGIN, BAND // 2), card.title, font("bold", 54), WHITE, title_width)
    line_width = WIDTH - 2 * MARGIN if card.rows else WIDTH - 3 * MARGIN - size
    top = BAND + 50
    for number, line in enumerate(card.lines):
        line_font = font("bold", 38) if number == 0 else font("regular", 28)
        write(draw, (MARGIN, top), line, line_font, INK if number == 0 else MUTED, line_width)
        top += 52 if number == 0 else 42
    if card.rows:
        draw_table(draw, card, top + 14)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def place_mark(image, size, at):
    image.paste(mark(size), at, mark(size))


def draw_table(draw, card, top):
    """The caption and as many of the table's rows as the card has room for."""
    small, regular, bold = font("regular", 24), font("regular", 28), font("bold", 28)
    right = WIDTH - MARGIN
    write(draw, (MARGIN, top), card.caption, small, MUTED, right - MARGIN - 120)
    write(draw, (right, top), card.points_heading, small, MUTED, align="right")
    top += ROW - 6
    room = (HEIGHT - 12 - top) // ROW
    for number, (position, team, points) in enumerate(card.rows[:room]):
        middle = top + number * ROW + ROW // 2
        if number % 2 == 0:
            draw.rectangle((MARGIN - 14, middle - ROW // 2, right + 14, middle + ROW // 2), STRIPE)
        write(draw, (MARGIN + 48, middle), position, regular, MUTED, align="right")
        write(draw, (MARGIN + 76, middle), team, regular, INK, right - MARGIN - 200)
        write(draw, (right, middle), str(points), bold, INK, align="right")


def write(draw, at, text, text_font, colour, width=None, align="left"):
    """``text`` from its left (or right) end at ``at``, its line's middle on the height
    of ``at``, cut short with "…" to ``width``. The middle is that of a line of
    capitals and descenders in the font, so that texts side by side share a baseline;
    Pillow's anchors would do it, but its default bitmap font has none."""
    if width is not None:
        text = fitted(text, text_font, width)
    _left, upper, _right, lower = draw.textbbox((0, 0), "ÁHgjy", font=text_font)
    left, _upper, right, _lower = draw.textbbox((0, 0), text, font=text_font)
    x, y = at
    x = x - right if align == "right" else x - left
    draw.text((x, y - (upper + lower) / 2), text, fill=colour, font=text_font)


def fitted(text, text_font, width):
    if text_font.getlength(text) <= width:
        return text
    while text and text_font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


@lru_cache(maxsize=8)
def mark(size):
    """The site's mark, ``size`` pixels square with a transparent outside: drawn four
    times larger and scaled down, for smooth edges."""
    scale = size * 4 / 64
    image = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def scaled(*points):
        return [(x * scale, y * scale) for x, y in points]

    draw.rounded_rectangle((0, 0, size * 4 - 1, size * 4 - 1), MARK_CORNER * scale, fill=INK)
    (left, top), (right, bottom) = scaled(
        (32 - MARK_BALL, 32 - MARK_BALL), (32 + MARK_BALL, 32 + MARK_BALL)
    )
    draw.ellipse((left, top, right, bottom), fill=WHITE)
    for corner, patch in zip(MARK_PENTAGON, MARK_PATCHES, strict=True):
        draw.polygon(scaled(*patch), fill=INK)
        draw.line(scaled(corner, patch[0]), fill=INK, width=round(MARK_SEAM_WIDTH * scale))
    draw.polygon(scaled(*MARK_PENTAGON), fill=ACCENT)
    return image.resize((size, size), Image.Resampling.LANCZOS)
