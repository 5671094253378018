"""The Spanish of the English names that sources give stages, groups and zones.

The importers read English-language sources (the English Wikipedia, openfootball's
football.json). A name they store keeps the source's text as its English version
(``name_en``, ``label_en``) and gets its Spanish, the site's primary text, from
``spanish``: a name of ``NAMES``, or one of ``PATTERNS`` ("Group A" → "Grupo A",
"Promoted to 1997 Torneo Descentralizado" → "Ascenso al Torneo Descentralizado
1997"); any other text stays as the source wrote it, for both languages
(``both``). Translations are
not facts: these are the words of Peru's football press (Etapa Regional, Liguilla
final, Clasifica a…), for editors to change where a season's own usage differs.
Slugs stay derived from the source's text: a re-import finds the same rows.
"""

import re

# Whole names, compared without case.
NAMES = {
    "district stage": "Etapa Distrital",
    "provincial stage": "Etapa Provincial",
    "departmental stage": "Etapa Departamental",
    "regional stage": "Etapa Regional",
    "national stage": "Etapa Nacional",
    "final stage": "Etapa Final",
    "group stage": "Fase de grupos",
    "final group": "Grupo final",
    "final group stage": "Liguilla final",
    "liguilla": "Liguilla",
    "first round": "Primera ronda",
    "second round": "Segunda ronda",
    "third round": "Tercera ronda",
    "final round": "Ronda final",
    "round of 32": "Dieciseisavos de final",
    "round of 16": "Octavos de final",
    "quarter-finals": "Cuartos de final",
    "quarterfinals": "Cuartos de final",
    "semi-finals": "Semifinales",
    "semifinals": "Semifinales",
    "third place": "Tercer puesto",
    "third place play-off": "Tercer puesto",
    "final": "Final",
    "finals": "Finales",
    "play-off": "Desempate",
    "playoff": "Desempate",
    "play-offs": "Desempates",
    "champion": "Campeón",
    "champions": "Campeón",
    "runner-up": "Subcampeón",
    "promoted": "Ascenso",
    "relegated": "Descenso",
    "eliminated": "Eliminado",
    "qualified": "Clasificado",
}

# (pattern, Spanish): the pattern matches the whole text, without case; the
# Spanish names its groups, {target} being group "target" translated, with its article.
PATTERNS = [
    (r"group (?P<letter>\w{1,2})", "Grupo {letter}"),
    (r"promoted to (?:the )?(?P<year>\d{4}) (?P<target>.+)", "Ascenso {target} {year}"),
    (r"promoted to (?:the )?(?P<target>.+)", "Ascenso {target}"),
    (
        r"(?:advance|advances|advanced|qualified|qualify) (?:to|for) (?:the )?(?P<target>.+)",
        "Clasifica {target}",
    ),
    (r"relegated to (?:the )?(?P<target>.+)", "Desciende {target}"),
]

# "a" and the article of a Spanish name, by its first word ("a la Etapa Final").
ARTICLES = {
    "al": ("torneo", "campeonato", "grupo", "descentralizado", "ascenso"),
    "a la": ("etapa", "fase", "ronda", "liguilla", "final", "liga", "primera", "segunda", "copa"),
    "a los": ("cuartos", "octavos", "dieciseisavos", "desempates"),
    "a las": ("semifinales", "finales"),
}


def spanish(text):
    """The Spanish of a source's English name, or the name as it is when unknown."""
    plain = " ".join(text.split())
    known = NAMES.get(plain.lower())
    if known:
        return known
    for pattern, template in PATTERNS:
        found = re.fullmatch(pattern, plain, re.IGNORECASE)
        if found:
            parts = found.groupdict()
            if "target" in parts:
                parts["target"] = with_article(spanish(parts["target"]))
            return template.format(**parts)
    return text


def with_article(name):
    """ "Etapa Final" → "a la Etapa Final"; "a" alone before a word not listed."""
    first = name.split()[0].lower() if name.split() else ""
    for article, words in ARTICLES.items():
        if first in words:
            return f"{article} {name}"
    return f"a {name}"


def both(text):
    """(Spanish, English) of a source's name: the field and its ``_en``. The English
    is blank where it is the Spanish too (a name not in the glossary, "Final"):
    blank means "as the Spanish", and a row typed so in the admin round-trips."""
    translated = spanish(text)
    return translated, "" if translated == text else text
