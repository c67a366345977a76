"""Window benchmarks for `petrograd1917 bench`: start-up to the menu, frame time on the busiest screen, and the
spread of frame times while the computer players move (a slow frame there is a visible hitch, so the median alone
would hide it: the 95th percentile and the worst frame are reported too).

Runs on SDL's dummy video driver unless a driver is set, so the figure measures the game's own drawing (not a
compositor) and the benchmark runs on machines with no display.
"""

from __future__ import annotations

import os
import time
from typing import Any

FRAMES = 240


def bench_ui(scenario: str | None = None, frames: int = FRAMES, seed: int = 1) -> dict[str, Any]:
    """Mean ms per frame on the game screen (the busiest: map, counters, panels, a tooltip up), the end screen,
    and the time from nothing to the main menu's first frame. `scenario`: a name; default the largest built-in."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    start = time.perf_counter()
    from petrograd1917.ui.app import App
    from petrograd1917.ui.scene_menu import MainMenuScene
    from petrograd1917.ui.settings import Settings

    app = App(Settings(), persist_settings=False)
    app.push(MainMenuScene(app))
    app.run_frames(1)
    startup_ms = (time.perf_counter() - start) * 1000

    from petrograd1917 import load_scenario
    from petrograd1917.bench.ui_map import game_screen_frame_ms
    from petrograd1917.ui.scenario_list import available
    from petrograd1917.ui.session import HUMAN, GameSession

    if scenario is None:
        loaded = [c.scenario for c in available() if c.scenario is not None and c.builtin]
        if not loaded:
            raise RuntimeError("no built-in scenario loads: nothing to draw")
        chosen = max(loaded, key=lambda s: len(s.districts) + len(s.units) + len(s.sites))
    else:
        chosen = load_scenario(scenario)
    session = GameSession.new(chosen, seed, {f.id: HUMAN for f in chosen.factions})
    game = game_screen_frame_ms(app, session, frames)

    from petrograd1917.ai.base import make_agent
    from petrograd1917.ui.scene_end import EndScene

    agents = {f.id: make_agent("random", f.id, i) for i, f in enumerate(chosen.factions)}
    while not session.state.is_over():
        session.state.apply(agents[session.state.current_faction].choose_action(session.state))
    app.reset(EndScene(app, session))
    app.run_frames(2)
    t0 = time.perf_counter()
    app.run_frames(frames // 2)
    end_ms = (time.perf_counter() - t0) * 1000 / (frames // 2)
    play = computer_play_frame_ms(app, chosen, seed=seed)
    watch = computer_play_frame_ms(app, chosen, seed=seed, speed="normal")
    app.quit()
    return {
        **play,
        **{f"watch_{k}": v for k, v in watch.items()},
        "scenario": chosen.id,
        "startup_to_menu_ms": startup_ms,
        "game_frame_ms": game["frame_ms"],
        "game_fps": game["fps"],
        "map_draw_ms": game["map_ms"],
        "end_screen_frame_ms": end_ms,
    }


def computer_play_frame_ms(
    app: Any, scenario: Any, agent: str = "heuristic", frames: int = 600, seed: int = 1, speed: str = "instant"
) -> dict[str, Any]:
    """Frame times of the game screen while computer players (`agent`, all factions) move: at "instant" speed a
    move every frame (the worst case), at "normal" speed as a player watches them. Every frame goes through the
    real loop (1/60 s of game time each, no waiting) and is timed on its own."""
    from petrograd1917.ui.scene_game import GameScene
    from petrograd1917.ui.session import GameSession

    app.apply_settings(app.settings.with_(ai_speed=speed, show_tutorial=False))
    session = GameSession.new(scenario, seed, {f.id: agent for f in scenario.factions})
    scene = GameScene(app, session)
    app.reset(scene)
    app.run_frames(2)
    times: list[float] = []
    n_actions = len(session.actions)
    start = time.perf_counter()
    for _ in range(frames):
        if app.top is not scene or session.state.is_over():
            break
        t0 = time.perf_counter()
        app.step(dt=1 / 60)
        times.append((time.perf_counter() - t0) * 1000)
    wall = time.perf_counter() - start
    times.sort()

    def pick(q: float) -> float:
        return times[min(len(times) - 1, int(q * len(times)))]

    return {
        "play_agent": agent,
        "play_speed": speed,
        "play_frames": len(times),
        "play_moves_per_s": (len(session.actions) - n_actions) / wall if wall else 0.0,
        "play_median_ms": pick(0.5),
        "play_p95_ms": pick(0.95),
        "play_worst_ms": times[-1],
    }


def report(figures: dict[str, Any]) -> str:
    """The figures as the lines `petrograd1917 bench` prints."""
    return "\n".join(
        [
            f"ui: scenario {figures['scenario']}",
            f"ui: start to main menu      {figures['startup_to_menu_ms']:8.1f} ms",
            f"ui: game screen, per frame  {figures['game_frame_ms']:8.2f} ms  ({figures['game_fps']:.0f} fps; goal 60)",
            f"ui:   of which the map      {figures['map_draw_ms']:8.2f} ms",
            f"ui: end screen, per frame   {figures['end_screen_frame_ms']:8.2f} ms",
            *(
                f"ui: computer play ({f['play_agent']}, {f['play_speed']} speed, {f['play_frames']} frames,"
                f" {f['play_moves_per_s']:.0f} moves/s): median {f['play_median_ms']:.1f} ms,"
                f" p95 {f['play_p95_ms']:.1f} ms, worst {f['play_worst_ms']:.1f} ms"
                for f in (figures, {k[6:]: v for k, v in figures.items() if k.startswith("watch_")})
            ),
        ]
    )


if __name__ == "__main__":
    print(report(bench_ui()))
