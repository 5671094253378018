"""Copa Perú season articles of the English Wikipedia, in wikitext.

``parse_article`` reads an article into plain data (``parse``), with a
warning or an error, each naming its line, for what it can't read or finds
broken; ``plan_article`` decides the season's shape from it (``plan``: stages,
groups, published tables, knockout ties); ``import_article`` writes it into
the database and ``compare_tables`` holds its typed tables against its
matches (``load``), and ``season_wikitext`` writes a season back as an
article (``write``).
"""

from .load import compare_tables, import_article
from .parse import WikitextError, parse_article
from .write import season_wikitext

__all__ = ["WikitextError", "compare_tables", "import_article", "parse_article", "season_wikitext"]
