"""Fill the new columns of 0005 for the rows already there.

- ``search_text`` of every department, team, alias, player and venue: their
  searched fields folded, as the models' pre_save does from now on.
- The shipped 1996 season, loaded before its texts had a Spanish version, gets
  the fixture's Spanish texts, its English ones moving to ``<field>_en``; only
  where a text is still exactly the one shipped (an editor's text stays).
"""

from django.db import migrations

from tournaments.search import fold

# As the models' search_source at the time of this migration.
SEARCHED = {
    "Department": ("name",),
    "Team": ("name", "short_code", "city"),
    "TeamAlias": ("name",),
    "Player": ("name",),
    "Venue": ("name", "city"),
}

# (model, lookup of the shipped row, field, the English shipped, the Spanish now shipped)
SHIPPED_1996 = [
    (
        "Stage",
        {"season__year": 1996, "slug": "final-stage"},
        "name",
        "Final stage",
        "Etapa Final",
    ),
    (
        "Group",
        {"stage__season__year": 1996, "slug": "final-group-stage"},
        "name",
        "Final group stage",
        "Liguilla final",
    ),
    (
        "StatusZone",
        {"group__stage__season__year": 1996, "group__slug": "final-group-stage", "code": "P"},
        "label",
        "Promoted to 1997 Torneo Descentralizado",
        "Ascenso al Torneo Descentralizado 1997",
    ),
    ("Season", {"year": 1996}, "intro", 'The 1996 Copa Perú season (Spanish: Copa Perú 1996), the promotion tournament of Peruvian football.\n\nIn this tournament after many qualification rounds, each one of the 24 departments in which Peru is politically divided, qualify a team. Those teams plus the team relegated from First Division are divided in 6 groups by geographical proximity and each group winner goes to the Final round, staged in Lima (the capital).\n\nThe champion was promoted to 1997 Torneo Descentralizado.', 'La Copa Perú 1996 fue el torneo de ascenso del fútbol peruano.\n\nEn este torneo, tras varias rondas clasificatorias, cada uno de los 24 departamentos en que se divide políticamente el Perú clasificó a un equipo. Esos equipos, más el descendido de la Primera División, se dividieron en 6 grupos por cercanía geográfica, y el ganador de cada grupo pasó a la Etapa Final, jugada en Lima (la capital).\n\nEl campeón ascendió al Torneo Descentralizado 1997.'),
]


def fill_search_text(apps, schema_editor):
    using = schema_editor.connection.alias
    for name, fields in SEARCHED.items():
        model = apps.get_model("tournaments", name)
        rows = list(model.objects.using(using).only(*fields))
        for row in rows:
            values = (getattr(row, field) for field in fields)
            row.search_text = fold(" ".join(value for value in values if value))
        model.objects.using(using).bulk_update(rows, ["search_text"], batch_size=500)


def spanish_1996(apps, schema_editor):
    using = schema_editor.connection.alias
    for name, lookup, field, english, spanish in SHIPPED_1996:
        model = apps.get_model("tournaments", name)
        model.objects.using(using).filter(**lookup, **{field: english, f"{field}_en": ""}).update(
            **{field: spanish, f"{field}_en": english}
        )


def english_1996(apps, schema_editor):
    using = schema_editor.connection.alias
    for name, lookup, field, english, spanish in SHIPPED_1996:
        model = apps.get_model("tournaments", name)
        model.objects.using(using).filter(**lookup, **{field: spanish, f"{field}_en": english}).update(
            **{field: english, f"{field}_en": ""}
        )


class Migration(migrations.Migration):

    dependencies = [
        ("tournaments", "0006_search_and_english_texts"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(spanish_1996, english_1996),
    ]
