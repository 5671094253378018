"""How a source is named on the pages: a title linking to its address, never the raw
address ("…/1996_Copa_Per%C3%…" told a reader nothing)."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.utils.translation import get_language, gettext


@dataclass(frozen=True)
class Source:
    url: str  # an http(s) address, or "" where the source is not a link
    label: str
    language: str = ""  # a Wikipedia edition's language code ("en", "es"), else ""


# A language code as hreflang takes it: Wikipedia's editions are mostly named by one,
# but some not ("simple", "zh-min-nan").
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


def looks_like_url(text):
    return text.strip().lower().startswith(("http://", "https://"))


def describe(url, title=""):
    """``url`` named by ``title`` if one is stored (a title that is itself an address
    counts as none); failing that, a Wikipedia article as "Wikipedia: 1996 Copa Perú"
    ("Wikipedia (es): …" where the edition's language is not the page's), any other
    address by its host. None if there is neither address nor title.

    Only a well-formed http(s) address is a link: anything else (a "javascript:"
    address, a typing error) shows as plain text, the title or the address itself."""
    url, title = url.strip(), title.strip()
    if looks_like_url(title):
        url, title = url or title, ""
    if not url:
        return Source("", title) if title else None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:  # "https://[bad": a malformed IPv6 host
        return Source("", title or url)
    if parts.scheme not in ("http", "https") or not host:
        return Source("", title or url)
    if title:
        return Source(url, title)
    wikipedia = host == "wikipedia.org" or host.endswith(".wikipedia.org")
    article = wikipedia_article(parts) if wikipedia else ""
    if not article:
        return Source(url, host)
    edition = host.removesuffix("wikipedia.org").split(".")[0]  # "en.m." → "en"
    if edition and edition != (get_language() or "").split("-")[0]:
        # Translators: a source: the article of a Wikipedia edition in another language,
        # as "Wikipedia (en): 1996 Copa Perú" (the code of the edition's language).
        label = gettext("Wikipedia (%(language)s): %(title)s")
    else:
        # Translators: a source: a Wikipedia article, as "Wikipedia: 1996 Copa Perú".
        label = gettext("Wikipedia: %(title)s")
    language = edition if LANGUAGE_CODE.fullmatch(edition) else ""
    return Source(url, label % {"language": edition, "title": article}, language)


def wikipedia_article(parts):
    """The article's title from /wiki/<title> or /w/index.php?title=<title>."""
    if parts.path.startswith("/wiki/"):
        title = unquote(parts.path.removeprefix("/wiki/"))
    else:
        title = parse_qs(parts.query).get("title", [""])[0]  # parse_qs unquotes
    return title.replace("_", " ").strip()
