"""`run_batch(config) -> Summary`: the module API behind `petrograd1917 batch` and `tournament`, the calibration
command and tests.

A batch folder (see `folder`) holds what the batch is, its games and its summary. `--resume` checks that the
folder's batch is this one, then plays only the games not yet recorded; asking for more games than before
extends the batch with the same seeds a longer run would have had. One batch at a time writes a folder.
"""

from __future__ import annotations

import signal
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from petrograd1917.ai.base import AgentSpecError, check_spec
from petrograd1917.batch.errors import BatchError
from petrograd1917.batch.executors import check_scheduler, default_jobs, run_tasks
from petrograd1917.batch.folder import GAMES_FILE, SUMMARY_FILE, open_folder, write_json
from petrograd1917.batch.lock import folder_lock
from petrograd1917.batch.progress import Progress
from petrograd1917.batch.records import RecordWriter
from petrograd1917.batch.seating import MAX_AGENTS, rotation
from petrograd1917.batch.stats import Summary, summarize
from petrograd1917.batch.stopping import Stopped, stop_signals
from petrograd1917.batch.tasks import MAX_BATCH_SEED, GameTask, Measure, cache_scenario
from petrograd1917.engine.state import RULES
from petrograd1917.scenario.suggest import did_you_mean

__all__ = ["MAX_GAMES", "BatchConfig", "BatchError", "run_batch"]

MAX_GAMES = 1_000_000  # per batch: its records stay in memory for the summary; a larger run is several batches


@dataclass(frozen=True)
class BatchConfig:
    scenario: str  # a built-in name or a path to a .yaml file
    games: int
    seed: int = 0
    jobs: int | None = None  # worker processes; None = every core
    out: Path | None = None  # None: keep the records in memory only
    agents: Mapping[str, str] = field(default_factory=dict)  # faction id -> agent spec
    default_agent: str = "heuristic"  # for factions not in `agents`
    rotation: tuple[str, ...] = ()  # agents taking turns in every seat (a tournament); replaces the two above
    resume: bool = False
    plot: bool = False
    scheduler: str | None = None  # a Dask scheduler address, or "local" for a LocalCluster on this machine
    measure: Measure | None = None  # per-game probe whose result lands in each record's `extra`
    progress: bool = True
    max_actions: int = 100_000  # per game: a guard against a game that never ends


def run_batch(config: BatchConfig, progress_stream: TextIO | None = None) -> Summary:
    from petrograd1917 import load_scenario

    _check(config)
    scenario = load_scenario(config.scenario)
    factions = [f.id for f in scenario.factions]
    agents = _resolve_agents(config, factions)
    seatings = rotation(config.rotation, len(factions)) if config.rotation else [tuple(agents.values())]

    def lineup(index: int) -> tuple[tuple[str, str], ...]:
        return tuple(zip(factions, seatings[index % len(seatings)], strict=True))

    header = {
        "scenario": config.scenario,
        "scenario_id": scenario.id,
        "scenario_hash": scenario.content_hash,
        "seed": config.seed,
        "agents": agents,
        "rotation": list(config.rotation),
        "rules": RULES,
    }
    # Workers (on a cluster, in other folders) load the scenario themselves: a file is sent as an absolute path.
    ref = str(Path(config.scenario).resolve()) if Path(config.scenario).is_file() else config.scenario
    cache_scenario(ref, scenario)
    with ExitStack() as folder:
        previous: list[dict[str, Any]] = []
        if config.out is not None:
            config.out.mkdir(parents=True, exist_ok=True)
            folder.enter_context(folder_lock(config.out))
            previous = open_folder(config.out, header, config.resume, config.games, lineup)
        recorded = {r["index"] for r in previous}
        tasks = (
            GameTask(i, config.seed, ref, scenario.content_hash, lineup(i), config.measure, config.max_actions)
            for i in range(config.games)
            if i not in recorded
        )
        records, stopped_by = _play(tasks, previous, config, progress_stream)
        key_events = [k.id for k in scenario.victory.key_events]
        summary = summarize(records, factions, scenario.id, agents, key_events, stopped_by)
        if config.out is not None:
            write_json(config.out / SUMMARY_FILE, summary.to_json())
            if config.plot and summary.completed:
                from petrograd1917.batch.plots import write_plots

                write_plots(summary, config.out)
    return summary


def _play(
    tasks: Iterable[GameTask], previous: list[dict[str, Any]], config: BatchConfig, stream: TextIO | None
) -> tuple[list[dict[str, Any]], str | None]:
    """Play the tasks, recording each game as it finishes: (all records, the signal that stopped it or None)."""
    records = list(previous)
    progress = Progress(config.games, len(previous), stream) if config.progress else None
    writer = RecordWriter(config.out / GAMES_FILE) if config.out is not None else None
    stopped_by = None
    with stop_signals() as signals:
        results = run_tasks(tasks, config.jobs or default_jobs(), config.scheduler)
        try:
            for record in results:
                with signals.held():  # the file, the records and the summary count the same games
                    if writer is not None:
                        writer.write(record)
                    records.append(record)
                if progress is not None:
                    progress.advance(failed=bool(record.get("error")))
        except KeyboardInterrupt as stop:  # Ctrl-C, SIGTERM or SIGHUP (`Stopped`), or Ctrl-C inside a game
            stopped_by = signal.Signals(stop.signum if isinstance(stop, Stopped) else signal.SIGINT).name
        finally:
            signals.armed = False  # from here on a stop signal waits: the records and the summary get written
            close = getattr(results, "close", None)
            if close is not None:
                close()
            if writer is not None:
                writer.close()
            if progress is not None:
                progress.close()
    return records, stopped_by


def _check(config: BatchConfig) -> None:
    """Refuse what cannot make a batch before anything runs (the command line checks the same; the module API
    is checked here)."""
    if not 0 <= config.games <= MAX_GAMES:
        raise BatchError(f"--games must be from 0 to {MAX_GAMES:,} (run more as several batches, each its --out)")
    if not 0 <= config.seed <= MAX_BATCH_SEED:
        raise BatchError(f"--seed must be a whole number from 0 to {MAX_BATCH_SEED}")
    if config.jobs is not None and config.jobs < 1:
        raise BatchError("--jobs must be at least 1")
    if config.resume and config.out is None:
        raise BatchError("--resume needs --out DIR")
    if config.scheduler is not None:
        check_scheduler(config.scheduler)


def _resolve_agents(config: BatchConfig, factions: list[str]) -> dict[str, str]:
    """The agent of each faction ({} when agents rotate), every spec checked before a game starts."""
    if config.rotation:
        if not 2 <= len(config.rotation) <= MAX_AGENTS or len(set(config.rotation)) < len(config.rotation):
            raise BatchError(f"--agents: from 2 to {MAX_AGENTS} different agents, got {', '.join(config.rotation)}")
        specs = set(config.rotation)
        agents: dict[str, str] = {}
    else:
        for faction in config.agents:
            if faction not in factions:
                hint = did_you_mean(faction, factions)
                raise BatchError(f"--ai {faction}=...: no faction '{faction}'{hint}; factions: {', '.join(factions)}")
        agents = {f: config.agents.get(f, config.default_agent) for f in factions}
        specs = set(agents.values())
    for spec in specs:
        try:
            check_spec(spec)
        except AgentSpecError as exc:
            raise BatchError(str(exc)) from None
    return agents
