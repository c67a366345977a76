"""Benchmark (not a test): parse, check, compile and evaluate times of typical conditions.

Run: python tests/conditions/bench_conditions.py
"""

from __future__ import annotations

import timeit

from conditions_fixture import small_scenario

from petrograd1917.engine.evaluate import compile_condition, evaluate
from petrograd1917.engine.game import new_game
from petrograd1917.scenario.conditions import ScenarioNames, check, parse

CONDITIONS = (
    "turn >= 3",
    "unrest(vyborg) > 0.5 and not flag(duma_prorogued)",
    "controls(bolsheviks, winter_palace) and date >= 1917-02-27T12:00",
    "loyalty(volynsky, government) < 0.4 or commands(bolsheviks, volynsky)",
    "min(held_points(self), 5) / 5 + city_influence(self)",
    "armed_share(bolsheviks) > 0.5 and mutinied_units() >= 2",
)


def main() -> None:
    scenario = small_scenario()
    state = new_game(scenario, seed=1)
    names = ScenarioNames(
        districts=frozenset(state.index.district), factions=frozenset(state.index.faction),
        units=frozenset(state.index.unit), sites=frozenset(state.index.site), links=frozenset(state.index.link),
        self_faction="bolsheviks",
    )  # fmt: skip
    print(f"{'condition':72} {'parse µs':>9} {'check µs':>9} {'compile µs':>11} {'evaluate µs':>12}")
    for source in CONDITIONS:
        n = 2000
        parse_us = timeit.timeit(lambda s=source: parse(s), number=n) / n * 1e6
        condition = parse(source)
        check_us = timeit.timeit(lambda c=condition: check(c, names, None), number=n) / n * 1e6
        compile_us = (
            timeit.timeit(lambda s=source: compile_condition(parse(s), scenario, state.index), number=n) / n * 1e6
            - parse_us
        )
        n = 50_000
        eval_us = timeit.timeit(lambda c=condition: evaluate(c, state, 2), number=n) / n * 1e6
        print(f"{source:72} {parse_us:9.1f} {check_us:9.1f} {compile_us:11.1f} {eval_us:12.2f}")


if __name__ == "__main__":
    main()
