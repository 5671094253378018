"""Articles of every era as they are written: annotations, tables without results,
stage levels, knockout templates, and what is reported (warnings) or refused
(errors), each with the article's line.

The articles are small and fictional (Alfa, Beta…), but for two infobox lines
quoted by the issue that asked for this.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.text import slugify

from tournaments.interchange import glossary
from tournaments.interchange.wikitext import WikitextError, parse_article
from tournaments.interchange.wikitext.plan import level_of
from tournaments.models import Group, Match, PublishedRow, Season, Stage, TopScorer

DATA = Path(__file__).parent / "data"
SEED = DATA / "copa_peru_1996.wikitext"
ARTICLES = DATA / "wikitext"
KNOCKOUT = ARTICLES / "knockout_2013.wikitext"


def import_text(tmp_path, text, *options):
    """(stdout, stderr) of import_wikitext on ``text``."""
    path = tmp_path / "article.wikitext"
    path.write_text(text, encoding="utf-8")
    return import_path(path, *options)


def import_path(path, *options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wikitext", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(tmp_path, text):
    """The CommandError's message of a refused import."""
    with pytest.raises(CommandError) as error:
        import_text(tmp_path, text)
    return str(error.value)


def database():
    """Every tournaments row, history included, as dumpdata writes it."""
    out = io.StringIO()
    call_command("dumpdata", "tournaments", stdout=out)
    return out.getvalue()


def infobox(**params):
    body = "".join(f"\n| {name} = {value}" for name, value in params.items())
    return "{{Infobox football league season" + body + "\n}}\n"


def box(team1, score, team2, **params):
    params = {"team1": team1, "score": score, "team2": team2, **params}
    return (
        "{{Football box collapsible" + "".join(f"\n|{k}={v}" for k, v in params.items()) + "\n}}\n"
    )


GROUP = """
== Group stage ==

=== Group A ===

{{#invoke:sports table|main|style=WDL
|team1=ALF|name_ALF=Alfa
|team2=BET|name_BET=Beta
|win_ALF=1|draw_ALF=0|loss_ALF=0|gf_ALF=2|ga_ALF=1
|win_BET=0|draw_BET=0|loss_BET=1|gf_BET=1|ga_BET=2
|update=complete|source=
}}

==== Round 1 ====
"""


def group_article(*boxes, year=1990, **params):
    return "Copa Perú\n\n" + infobox(season=year, **params) + GROUP + "".join(boxes)


# 1. The infobox as articles write it --------------------------------------------------


def test_the_winners_lose_their_title_count_links_and_flags():
    article = parse_article(infobox(season=2013, winners="San Simón (1st Title)"))
    linked = parse_article(infobox(season=2013, winners="{{flagicon|PER}} [[Alfa FC|Alfa]]"))

    assert article.winners == "San Simón"
    assert linked.winners == "Alfa"


def test_a_top_scorer_may_name_his_club_after_the_tally():
    article = parse_article(
        infobox(season=1985, **{"league topscorer": "Genaro Neyra (22) (Melgar)"})
    )

    assert article.top_scorers == [("Genaro Neyra", 22, "Melgar")]
    assert article.warnings == []


@pytest.mark.parametrize("separator", ["<br>", "<br />", "\n"])
def test_several_top_scorers_are_read_with_the_club_before_or_after_the_tally(separator):
    scorers = f"[[Juan Uno]] (7) (Alfa){separator}Pedro Dos (Beta) (7)"
    article = parse_article(infobox(season=1990, **{"league topscorer": scorers}))

    assert article.top_scorers == [("Juan Uno", 7, "Alfa"), ("Pedro Dos", 7, "Beta")]


def test_a_top_scorer_without_tally_is_a_warning_with_its_line(db, on_commit, tmp_path):
    text = group_article(box("Alfa", "2–1", "Beta"), **{"league topscorer": "Juan Uno"})

    with on_commit():
        _, warnings = import_text(tmp_path, text)

    assert "line 5: {{Infobox football league season}}: league topscorer 'Juan Uno' has no" in (
        warnings
    )
    assert not TopScorer.objects.exists()
    assert Match.objects.count() == 1


def test_an_article_winner_the_results_contradict_is_a_warning(db, on_commit, tmp_path):
    text = group_article(box("Alfa", "2–1", "Beta"), winners="Beta (1st Title)")

    with on_commit():
        _, warnings = import_text(tmp_path, text)

    assert "line 5: the article names Beta as champion; the results give Alfa." in warnings
    assert Season.objects.get().champion.name == "Alfa"


def test_an_article_winner_the_results_do_not_decide_is_a_warning_with_advice(
    db, on_commit, tmp_path
):
    text = (ARTICLES / "regional_1993_no_infobox.wikitext").read_text(encoding="utf-8")
    text = text.replace(
        "== Regional stage ==", infobox(season=1993, winners="Alfa") + "\n== Regional stage =="
    )

    with on_commit():
        _, warnings = import_text(tmp_path, text)

    assert (
        "the article names Alfa as champion; the results decide no champion: set an override "
        "in the admin if Alfa was awarded the title."
    ) in warnings
    assert Season.objects.get().champion is None


def test_the_winner_is_checked_in_a_dry_run_too(db, tmp_path):
    text = group_article(box("Alfa", "2–1", "Beta"), winners="Beta")

    _, warnings = import_text(tmp_path, text, "--dry-run")

    assert "the article names Beta as champion; the results give Alfa." in warnings
    assert not Season.objects.exists()


def test_a_winner_the_results_agree_with_gives_no_warning(db, on_commit, tmp_path):
    with on_commit():
        _, warnings = import_text(
            tmp_path, group_article(box("Alfa", "2–1", "Beta"), winners="Alfa (1st Title)")
        )

    assert warnings == ""


# 2. Tables without results ------------------------------------------------------------


def seed_without_boxes():
    text = SEED.read_text(encoding="utf-8")
    return text[: text.index("== Round 1 ==")]


def test_the_1996_table_without_its_boxes_is_stored_as_published(db, on_commit, tmp_path):
    with on_commit():
        import_text(tmp_path, seed_without_boxes())

    group = Group.objects.get(slug="final-group-stage")
    assert group.shows_published_table
    assert group.published_source == "Wikipedia: 1996 Copa Perú"
    assert group.published_source_url == "https://en.wikipedia.org/wiki/1996_Copa_Per%C3%BA"
    stored = [
        (s.team.name, s.played, s.goals_for, s.points, s.status) for s in group.standings.all()
    ]
    assert stored == [
        ("José Gálvez", 5, 15, 13, "P"),
        ("UTC", 5, 11, 9, ""),
        ("Coronel Bolognesi", 5, 8, 7, ""),
        ("Gigantes del Cenepa", 5, 10, 6, ""),
        ("CNI", 5, 8, 6, ""),
        ("León de Huánuco", 5, 3, 3, ""),
    ]


def test_the_full_1996_article_computes_its_table_and_publishes_none(db, on_commit):
    with on_commit():
        import_path(SEED)

    group = Group.objects.get(slug="final-group-stage")
    assert not group.shows_published_table
    assert not PublishedRow.objects.exists()


def test_too_few_boxes_keep_the_published_table(db, on_commit, tmp_path):
    text = (
        seed_without_boxes()
        + SEED.read_text(encoding="utf-8").split("== Round 2 ==")[0].split("== Round 1 ==")[1]
    )

    with on_commit():
        import_text(
            tmp_path,
            "== Round 1 ==".join(
                [text[: text.index("{{Football")], text[text.index("{{Football") :]]
            ),
        )

    group = Group.objects.get(slug="final-group-stage")
    assert group.shows_published_table
    assert group.matches.count() == 3
    assert group.standings.get(team__name="José Gálvez").points == 13


def test_shared_positions_and_status_letters_of_a_published_table(db, on_commit):
    with on_commit():
        _, warnings = import_path(
            ARTICLES / "regional_published.wikitext", "--source-url", "https://example.com/1990"
        )

    group = Group.objects.get()
    rows = [
        (r.team.name, r.row, r.position, r.points, r.status) for r in group.published_rows.all()
    ]
    assert rows == [
        ("Alfa", 1, None, 5, "A"),
        ("Beta", 2, None, 3, ""),
        ("Gamma", 3, 2, 3, ""),
        ("Delta", 4, None, 1, "E"),
    ]
    assert group.published_source_url == "https://example.com/1990"
    assert [s.position for s in group.standings.all()] == [1, 2, 2, 4]
    assert group.stage.level == Stage.Level.REGIONAL


def test_the_source_parameter_of_a_table_names_its_published_source(db, on_commit, tmp_path):
    text = (ARTICLES / "regional_published.wikitext").read_text(encoding="utf-8")
    text = text.replace("|source=", "|source=[https://example.com/rsssf RSSSF]")

    with on_commit():
        import_text(tmp_path, text)

    assert Group.objects.get().published_source == "RSSSF"


def test_an_fb_cl_table_is_read_as_a_published_table(db, on_commit):
    with on_commit():
        import_path(ARTICLES / "fb_cl_table.wikitext")

    group = Group.objects.get()
    assert group.shows_published_table
    assert [(r.team.name, r.position, r.points) for r in group.published_rows.all()] == [
        ("Alfa", None, 4),
        ("Beta", None, 1),
        ("Gamma", 2, 1),
    ]
    assert group.stage.level == Stage.Level.DEPARTMENTAL


# 3. Stage levels ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "level"),
    [
        ("Regional stage", "regional"),
        ("Etapa Regional", "regional"),
        ("Departmental stage", "departmental"),
        ("Etapa Departamental", "departmental"),
        ("Provincial stage", "provincial"),
        ("District stage", "district"),
        ("Etapa Distrital", "district"),
        ("National stage", "national"),
        ("Etapa Nacional", "national"),
        ("Final stage", "national"),
        ("Final group stage", "national"),
        ("Finalísima", "national"),
        ("Group A", ""),
    ],
)
def test_a_heading_gives_the_stage_level(heading, level):
    assert level_of(["Copa Perú", heading]) == level


def test_the_innermost_heading_that_names_a_level_wins():
    assert level_of(["National stage", "Regional stage", "Group A"]) == "regional"


# 4. Knockout templates ----------------------------------------------------------------


def test_two_leg_result_legs_are_written_from_team_one_side():
    article = parse_article(
        "== Final ==\n{{TwoLegResult|[[Alfa FC|Alfa]]|PER|2–2 (4–3 p)|Beta|PER|1–0|1–2 (a.e.t.)}}"
    )

    (tie,) = article.ties
    first, second = tie.legs
    assert (first.team1, first.team2, first.score1, first.score2) == ("Alfa", "Beta", 1, 0)
    assert (second.team1, second.team2, second.score1, second.score2) == ("Beta", "Alfa", 2, 1)
    assert second.extra_time and second.penalties == (3, 4)


def test_away_goals_in_the_aggregate_make_the_stage_decide_on_away_goals(db, on_commit, tmp_path):
    with on_commit():
        import_text(
            tmp_path,
            "1990 Copa Perú\n" + infobox(season=1990) + "== Final ==\n"
            "{{TwoLegResult|Alfa|PER|2–2 (a)|Beta|PER|0–0|2–2}}\n",
        )

    stage = Stage.objects.get()
    assert (stage.kind, stage.legs, stage.tie_rule) == ("knockout", 2, "away_goals")
    assert Season.objects.get().champion.name == "Alfa"


def test_an_aggregate_that_is_not_the_sum_of_the_legs_is_an_error():
    with pytest.raises(WikitextError, match=r"line 2: .*aggregate '3–0' is not the sum"):
        parse_article("== Final ==\n{{TwoLegResult|Alfa|PER|3–0|Beta|PER|1–0|1–1}}")


def test_a_bracket_gives_a_tie_per_pair_with_its_legs_and_round_names():
    article = parse_article(
        "{{4TeamBracket\n|RD1=Semifinals\n|RD1-team1=Alfa|RD1-score1-1=1|RD1-score1-2=2\n"
        "|RD1-team2=Beta|RD1-score2-1=0|RD1-score2-2=2\n|RD1-team3=Gamma|RD1-score3=1 (5)\n"
        "|RD1-team4=Delta|RD1-score4=1 (4)\n|RD2-team1=Alfa|RD2-score1=3\n"
        "|RD2-team2=Gamma|RD2-score2=0\n}}"
    )

    assert [(t.stage, t.team1, t.team2, len(t.legs)) for t in article.ties] == [
        ("Semifinals", "Alfa", "Beta", 2),
        ("Semifinals", "Gamma", "Delta", 1),
        ("Final", "Alfa", "Gamma", 1),
    ]
    second_leg = article.ties[0].legs[1]
    assert (second_leg.team1, second_leg.score1, second_leg.score2) == ("Beta", 2, 2)
    assert article.ties[1].legs[0].penalties == (5, 4)


def test_a_knockout_article_gives_stages_of_ties_in_order(db, on_commit):
    with on_commit():
        _, warnings = import_path(KNOCKOUT)

    stages = [
        (s.name, s.name_en, s.kind, s.level, s.legs, s.order)
        for s in Stage.objects.order_by("order")
    ]
    assert stages == [
        ("Cuartos de final", "Quarter-finals", "knockout", "national", 2, 1),
        ("Semifinales", "Semi-finals", "knockout", "national", 2, 2),
        ("Final", "", "knockout", "national", 1, 3),
    ]
    ties = Group.objects.filter(stage__name_en="Quarter-finals").order_by("order")
    assert [t.name for t in ties] == ["Alfa v Beta", "Gamma v Delta", "Epsilon v Zeta"]
    shootout = Match.objects.get(group__name="Gamma v Delta", round=2)
    assert (shootout.home_team.name, shootout.home_penalties, shootout.away_penalties) == (
        "Delta",
        3,
        4,
    )
    assert Season.objects.get().champion.name == "Alfa"
    assert warnings == ""


def test_a_bracket_that_disagrees_with_the_details_is_a_warning_and_the_details_win(
    db, on_commit, tmp_path
):
    text = KNOCKOUT.read_text(encoding="utf-8").replace("|RD2-score2-2=1", "|RD2-score2-2=3")

    with on_commit():
        _, warnings = import_text(tmp_path, text)

    assert (
        "line 54: the bracket gives Alfa v Gamma as 2–3, but line 28 (football boxes) gives 2–1"
        in warnings
    )
    second_leg = Match.objects.get(group__name="Alfa v Gamma", round=2)
    assert (second_leg.home_score, second_leg.away_score) == (1, 1)


def test_an_unstated_tie_rule_is_assumed_once_with_a_warning(db, on_commit, tmp_path):
    text = KNOCKOUT.read_text(encoding="utf-8").replace(
        "Ties were decided on aggregate goals, then by a penalty shoot-out.\n", ""
    )

    with on_commit():
        _, warnings = import_text(tmp_path, text)

    assert warnings.count("aggregate goals, then penalties, assumed") == 1
    assert "('Quarter-finals', 'Semi-finals')" in warnings
    assert set(Stage.objects.values_list("tie_rule", flat=True)) == {"aggregate"}


def test_a_shootout_after_an_aggregate_that_is_not_level_is_refused(db, tmp_path):
    before = database()
    message = refused(
        tmp_path,
        "1990 Copa Perú\n" + infobox(season=1990) + "== Final ==\n"
        "{{TwoLegResult|Alfa|PER|3–1 (4–3 p)|Beta|PER|2–0|1–1}}\n",
    )

    assert "line 6: match {{TwoLegResult}} (Beta v Alfa), round 2" in message
    assert database() == before


# 6. Cut short, unknown templates and sections: warnings, the rest imports ------------


def test_an_article_cut_short_after_a_heading_is_a_warning_and_the_rest_imports(
    db, on_commit, tmp_path
):
    text = group_article(box("Alfa", "2–1", "Beta")) + "\n== Final ==\n"

    with on_commit():
        _, warnings = import_text(tmp_path, text)

    assert "the article looks cut short (it stops at the heading 'Final'" in warnings
    assert Match.objects.count() == 1


def test_an_unknown_template_is_a_warning_with_its_line(db, on_commit, tmp_path):
    text = group_article(box("Alfa", "2–1", "Beta")) + "\n{{Peruvian football navbox}}\n"

    with on_commit():
        _, warnings = import_text(tmp_path, text)

    line = text.splitlines().index("{{Peruvian football navbox}}") + 1
    assert f"line {line}: template {{{{Peruvian football navbox}}}} is not one this importer" in (
        warnings
    )
    assert Match.objects.count() == 1


def test_a_section_of_prose_only_is_a_warning_with_its_line():
    article = parse_article(
        infobox(season=1990) + "\n== Departmental stage ==\nAlfa and Beta went through.\n"
    )

    assert [str(w) for w in article.warnings] == [
        "line 5: section 'Departmental stage' holds no table, match or bracket this importer "
        "reads; skipped."
    ]


# 7. Errors: the line, and nothing written ---------------------------------------------


@pytest.mark.parametrize(
    ("boxes", "expected"),
    [
        pytest.param(
            [box("Alfa", "2–1", "Beta").removesuffix("}}\n")],
            "line 20: {{Football box collapsible}} is not closed (no }}): it is cut off here.",
            id="an unclosed box",
        ),
        pytest.param(
            [box("Alfa", "", "Beta")],
            "line 20: {{Football box collapsible}} #1 (Alfa v Beta): it has no score.",
            id="a played match without a score",
        ),
        pytest.param(
            [box("Alfa", "2–1", "Beta"), box("Alfa", "1–1", "Beta")],
            "line 25: {{Football box collapsible}} #2 (Alfa v Beta) is the match at line 20 "
            "again, with another result (1–1 against 2–1).",
            id="the same match twice with different scores",
        ),
    ],
)
def test_a_broken_article_is_refused_with_its_line_and_writes_nothing(
    season_1996, tmp_path, boxes, expected
):
    before = database()

    message = refused(tmp_path, group_article(*boxes))

    assert expected in message.splitlines()[0]
    assert message.endswith("Nothing was written.")
    assert database() == before


def test_the_same_match_twice_with_the_same_score_is_a_warning_and_imported_once(
    db, on_commit, tmp_path
):
    with on_commit():
        _, warnings = import_text(
            tmp_path, group_article(box("Alfa", "2–1", "Beta"), box("Alfa", "2–1", "Beta"))
        )

    assert (
        "line 25: {{Football box collapsible}} #2 (Alfa v Beta) repeats the match at line 20; "
        "imported once." in warnings
    )
    assert Match.objects.count() == 1


def test_every_error_of_an_article_is_reported_each_on_its_line(db, tmp_path):
    message = refused(tmp_path, group_article(box("Alfa", "", "Beta"), box("Beta", "x", "Alfa")))

    lines = message.splitlines()
    assert [line.split(": ")[1] for line in lines[:2]] == ["line 20", "line 25"]
    assert lines[-1] == "Nothing was written."


# 8. Export: every stage, and back ----------------------------------------------------


def build_2000():
    """A group stage (regional) and two national knockout stages of two-legged ties.

    Group A: Alfa, Beta, Gamma, Delta, one round each. Semi-finals: Alfa v Delta
    2–0, 1–1; Beta v Gamma 1–0, then Gamma 1–0 Beta a.e.t., 4–3 on penalties.
    Final: Alfa v Gamma 1–1, Gamma 0–2 Alfa. Alfa is the champion.
    """
    from tests.factories import GroupFactory, GroupMemberFactory, StageFactory, play
    from tournaments.interchange.wikitext.load import default_source_url
    from tournaments.models import Department, SeasonTeam, Team, Tiebreaker

    season = Season.objects.create(
        year=2000, source_url=default_source_url("2000 Copa Perú"), intro_en="A fictional season."
    )
    teams = []
    for code, name, department in [
        ("ALF", "Alfa", "Lima"),
        ("BET", "Beta", "Cusco"),
        ("GAM", "Gamma", "Piura"),
        ("DEL", "Delta", "Loreto"),
    ]:
        department = Department.objects.get_or_create(slug=department.lower(), name=department)[0]
        team = Team.objects.create(
            name=name, slug=name.lower(), short_code=code, city="X", department=department
        )
        SeasonTeam.objects.create(
            season=season, team=team, department=department, route="department_champion"
        )
        teams.append(team)
    alfa, beta, gamma, delta = teams
    stage = StageFactory(  # in Spanish and English, as an import from English stores it
        season=season,
        name="Fase de grupos",
        name_en="Group stage",
        slug="group-stage",
        level="regional",
    )
    group = GroupFactory(stage=stage, name="Grupo A", name_en="Group A", slug="group-a")
    for team in teams:
        GroupMemberFactory(group=group, team=team)
    for order, criterion in enumerate(["points", "goal_difference", "goals_for"], start=1):
        Tiebreaker.objects.create(group=group, order=order, criterion=criterion)
    for number, home, away, score in [
        (1, alfa, beta, (1, 0)),
        (1, gamma, delta, (2, 2)),
        (2, alfa, gamma, (3, 1)),
        (2, beta, delta, (0, 1)),
        (3, delta, alfa, (0, 0)),
        (3, beta, gamma, (1, 1)),
    ]:
        play(group, home, away, *score, round=number)

    def stage(name_en, order, ties):
        knockout = StageFactory(
            season=season,
            name=glossary.spanish(name_en),  # as an import from English stores it
            name_en="" if glossary.spanish(name_en) == name_en else name_en,
            slug=slugify(name_en),
            order=order,
            kind="knockout",
            level="national",
            legs=2,
        )
        for tie_order, legs in enumerate(ties, start=1):
            home, away = legs[0][0], legs[0][1]
            tie = GroupFactory(stage=knockout, name=f"{home} v {away}", order=tie_order)
            GroupMemberFactory(group=tie, team=home)
            GroupMemberFactory(group=tie, team=away)
            for number, (home, away, *score) in enumerate(legs, start=1):
                extra = score[2] if len(score) > 2 else {}
                play(tie, home, away, *score[:2], round=number, counts_for_table=False, **extra)

    shootout = {"extra_time": True, "home_penalties": 4, "away_penalties": 3}
    stage(
        "Semi-finals",
        2,
        [
            [(alfa, delta, 2, 0), (delta, alfa, 1, 1)],
            [(beta, gamma, 1, 0), (gamma, beta, 1, 0, shootout)],
        ],
    )
    stage("Final", 3, [[(alfa, gamma, 1, 1), (gamma, alfa, 0, 2)]])
    return season


@pytest.mark.django_db(transaction=True)
def test_a_season_with_group_and_knockout_stages_survives_export_and_import(tmp_path):
    from tests.test_wikitext import dump, flush

    build_2000()
    Season.objects.get(year=2000)  # the signals have run: standings and champion
    original = dump()
    assert Season.objects.get().champion.name == "Alfa"
    text = io.StringIO()
    call_command("export_wikitext", "2000", stdout=text)
    flush()

    _, warnings = import_text(tmp_path, text.getvalue())

    assert warnings == ""
    imported = dump()
    for model in original:
        assert imported[model] == original[model], model


def test_the_export_writes_two_leg_results_and_boxes_with_legs(db, on_commit):
    with on_commit():
        build_2000()

    text = io.StringIO()
    call_command("export_wikitext", "2000", stdout=text)
    lines = text.getvalue().splitlines()

    assert "| winners = Alfa" in lines
    assert "{{TwoLegResult|Beta||1–1|Gamma||1–0|0–1 (a.e.t.) (3–4 p)}}" in lines
    assert "Ties were decided on aggregate goals, then by a penalty shoot-out." in lines
    assert lines.index("== Regional stage ==") < lines.index("=== Group stage ===")
    assert lines.index("== National stage ==") < lines.index("=== Semi-finals ===")
    assert "| round = Leg 2" in lines


def test_a_published_table_is_exported_with_its_source_and_read_back(db, on_commit, tmp_path):
    with on_commit():
        import_path(ARTICLES / "regional_published.wikitext")
    before = [
        (r.team.name, r.row, r.position, r.points, r.status)
        for r in PublishedRow.objects.order_by("row")
    ]
    text = io.StringIO()
    call_command("export_wikitext", "1990", stdout=text)
    assert "|source=Wikipedia: Copa Perú 1990 regional stage\n" in text.getvalue()

    Season.objects.all().delete()
    with on_commit():
        import_text(tmp_path, text.getvalue())

    group = Group.objects.get()
    assert group.published_source == "Wikipedia: Copa Perú 1990 regional stage"
    after = [
        (r.team.name, r.row, r.position, r.points, r.status)
        for r in PublishedRow.objects.order_by("row")
    ]
    assert after == before


# 9. More of what is told, each with its line ----------------------------------------


def test_a_shootout_without_its_score_is_a_warning():
    article = parse_article("== Final ==\n{{TwoLegResult|Alfa|PER|1–1 (p)|Beta|PER|1–0|0–1}}")

    assert [str(w) for w in article.warnings] == [
        "line 2: {{TwoLegResult}} (Alfa v Beta): the shoot-out's score is not given; "
        "the tie is imported without it."
    ]


def test_a_box_aggregate_that_is_not_the_sum_of_the_legs_is_refused(db, tmp_path):
    text = KNOCKOUT.read_text(encoding="utf-8").replace(
        "|aggregatescore=1–2", "|aggregatescore=1–3"
    )

    message = refused(tmp_path, text)

    assert (
        "line 36: {{Football box collapsible}} #2 (Gamma v Alfa): aggregatescore 1–3 is not "
        in (message)
    )
    assert not Season.objects.exists()


def test_an_unclosed_template_that_holds_no_data_is_a_warning():
    article = parse_article(infobox(season=1990) + "\n{{Copa Perú seasons\n| state = expanded\n")

    assert str(article.warnings[0]).startswith(
        "line 5: {{Copa Perú seasons}} is not closed (no }}): the article may be cut short here"
    )


def test_an_article_that_stops_mid_sentence_is_a_warning():
    article = parse_article(
        infobox(season=1990) + "\n== Final ==\n{{TwoLegResult|Alfa|PER|1–0|Beta|PER|1–0|0–0}}\n"
        "Alfa won the final and was promoted to the first division, where the club"
    )

    assert str(article.warnings[-1]) == (
        "line 7: the article looks cut short (it stops mid-sentence); what comes before is "
        "imported."
    )


def test_a_top_scorer_club_that_is_no_team_of_the_article_is_a_warning(db, on_commit, tmp_path):
    text = group_article(box("Alfa", "2–1", "Beta"), **{"league topscorer": "Juan Uno (2) (Omega)"})

    with on_commit():
        _, warnings = import_text(tmp_path, text)

    assert "line 5: league topscorer Juan Uno: 'Omega' is not a team of the article" in warnings
    scorer = TopScorer.objects.get()
    assert (scorer.goals, scorer.team) == (2, None)


def test_the_seed_imports_without_a_warning(db, on_commit):
    with on_commit():
        _, warnings = import_path(SEED)

    assert warnings == ""
