"""Schedules without a database: round robins by the circle method, knockout ties.

Pure, as ``standings.py``: teams are any distinct hashable values (the ORM side,
``tournaments.schedules``, passes team ids), a round is a list of (home, away)
pairs and a schedule a list of rounds, round 1 first.
"""

BYE = object()  # the partner of the team that sits a round out, never returned


def round_robin(teams, double=False):
    """Every two teams meet once (``double``: twice, once at each ground), each team
    at most once a round: n - 1 rounds for an even count n, n for an odd one (each
    team sits one out). A double round robin is the single one, then its mirror
    (the same rounds, home and away swapped).

    What is guaranteed of home and away, the single round robin first:

    - an odd count: every team is at home in half its matches and alternates
      home and away from match to match (a round sat out doesn't count);
    - an even count: every team's home and away matches differ by one, and its
      matches alternate except for one pair in a row at most (n - 2 teams have
      that pair, the fewest possible);
    - double: every team is at home in half its matches, never more than twice
      in a row, nor away, except with 4 teams (then two of them play three in a
      row at the turn of the halves: no mirrored schedule of 4 avoids it).

    Raises ValueError for fewer than two teams or a team given twice.
    """
    circle = _distinct(teams, at_least=2)
    if len(circle) % 2:
        circle.append(BYE)
    count = len(circle) - 1
    # Starting at the circle's third round keeps every team's pair in a row away
    # from both ends of the half, where the mirror would make it three in a row.
    rounds = [_circle_round(circle, (number + 2) % count) for number in range(count)]
    if double:
        rounds += [[(away, home) for home, away in pairs] for pairs in rounds]
    return rounds


def _circle_round(circle, position):
    """The pairs of one round of the circle method: the last team stays put and
    meets the one at ``position``; the others meet across the circle. Home and
    away alternate by position and distance (de Werra's canonical schedule)."""
    fixed, others = circle[-1], circle[:-1]
    count = len(others)
    opposite = others[position]
    pairs = [(opposite, fixed) if position % 2 == 0 else (fixed, opposite)]
    for distance in range(1, len(circle) // 2):
        ahead = others[(position + distance) % count]
        behind = others[(position - distance) % count]
        pairs.append((ahead, behind) if distance % 2 else (behind, ahead))
    return [pair for pair in pairs if BYE not in pair]


def knockout_ties(teams, legs=2):
    """The teams paired into ties in the order given: the first against the
    second, the third against the fourth, and so on (an editor lists them as the
    draw paired them). Each tie is its legs as (home, away) pairs: the first of
    the two is at home in the first leg (the only one of a one-match tie), the
    second in the second leg.

    Raises ValueError for fewer than two teams, an odd count, a team given
    twice, or legs other than 1 or 2.
    """
    if legs not in (1, 2):
        raise ValueError(f"A tie has one leg or two, not {legs}.")
    teams = _distinct(teams, at_least=2)
    if len(teams) % 2:
        raise ValueError(f"{len(teams)} teams can't be paired: the count must be even.")
    pairs = zip(teams[::2], teams[1::2], strict=True)
    return [[(first, second), (second, first)][:legs] for first, second in pairs]


def _distinct(teams, at_least):
    teams = list(teams)
    if len(teams) < at_least:
        raise ValueError(f"At least {at_least} teams are needed, not {len(teams)}.")
    if len(set(teams)) != len(teams):
        raise ValueError("A team is given more than once.")
    return teams
