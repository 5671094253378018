"""Seasons to and from openfootball's football.json format.

https://github.com/openfootball/football.json: a document names the competition
and lists its rounds, each with its matches::

    {"name": "Copa Perú 1996", "rounds": [{"name": "Round 1", "matches": [
        {"date": "1997-01-19", "team1": "José Gálvez", "team2": "UTC",
         "score": {"ft": [1, 0]}}]}]}

Older files give ``"score1": 1, "score2": 0`` (``score1et``, ``score1p`` ...)
instead of ``score``, and may name teams as ``{"name": ..., "code": ...}``.
Newer ones may list the ``matches`` at the top, each naming its ``round`` and
perhaps its ``group`` and ``status`` (postponed, abandoned, awarded).

A round named "Stage, Round" names both ("Group, Matchday 3", "Finals,
Semifinals"): a season's stages, groups, knockout ties and play-offs are read
from the round names (``parse``, ``shape``); ``import_season`` writes them
into the database (``load``), and ``export_season`` writes a season in the
same conventions (``write``), so that the two give each other back.
"""

from .load import import_season
from .parse import FootballJsonError, parse_document
from .write import export_season

__all__ = ["FootballJsonError", "export_season", "import_season", "parse_document"]
