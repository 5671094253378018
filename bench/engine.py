"""The standings engine alone, no database."""

import random

from tournaments import standings

HEAD_TO_HEAD_RULES = standings.Rules(
    points_for_win=3,
    points_for_draw=1,
    tiebreakers=(
        standings.Tiebreaker.POINTS,
        standings.Tiebreaker.HEAD_TO_HEAD,
        standings.Tiebreaker.GOAL_DIFFERENCE,
        standings.Tiebreaker.GOALS_FOR,
    ),
)


def double_round_robin_results(team_count, rng):
    """Every pair twice, home and away, with plausible scores (many level on points)."""
    goals = [0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 4]
    return [
        standings.Result(home, away, rng.choice(goals), rng.choice(goals))
        for home in range(team_count)
        for away in range(team_count)
        if home != away
    ]


def bench_engine(report, repeat):
    for team_count, runs in ((20, repeat(200)), (200, repeat(5))):
        results = double_round_robin_results(team_count, random.Random(team_count))
        teams = list(range(team_count))

        def compute(teams=teams, results=results):
            return standings.compute_table(teams, results, HEAD_TO_HEAD_RULES)

        def level_on_points(table):
            points = [row.points for row in table]
            return sum(points.count(p) > 1 for p in points)

        report.measure(
            f"engine: compute_table, {team_count} teams",
            compute,
            runs,
            queries=False,
            note=lambda table, results=results: (
                f"double round robin, {len(results):,} results; head-to-head rules, "
                f"{level_on_points(table)} teams level on points"
            ),
        )
