"""`run_batch(config) -> Summary`: the module API behind `petrograd1917 batch`, the calibration command and tests.

A batch directory holds `batch.json` (what the batch is: scenario, its content hash, seed, agents), `games.jsonl`
(one line per finished game) and `summary.json`. `--resume` checks `batch.json` first, so games of a different
batch are never mixed in, then plays only the games not yet recorded; asking for more games than before extends
the batch with the same seeds a longer run would have had.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from petrograd1917.ai.base import AgentSpecError, check_spec
from petrograd1917.atomic import write_text_atomic
from petrograd1917.batch.executors import default_jobs, run_tasks
from petrograd1917.batch.progress import Progress
from petrograd1917.batch.records import RecordWriter, read_records, record_key
from petrograd1917.batch.stats import Summary, summarize
from petrograd1917.batch.stopping import Stopped, stop_signals
from petrograd1917.batch.tasks import GameTask, Measure, cache_scenario, game_seed
from petrograd1917.scenario.suggest import did_you_mean

GAMES_FILE = "games.jsonl"
SUMMARY_FILE = "summary.json"
BATCH_FILE = "batch.json"


class BatchError(Exception):
    """A batch that cannot start as asked (bad agent, unknown faction, a directory holding another batch)."""


@dataclass(frozen=True)
class BatchConfig:
    scenario: str  # a built-in name or a path to a .yaml file
    games: int
    seed: int = 0
    jobs: int | None = None  # worker processes; None = every core
    out: Path | None = None  # None: keep the records in memory only
    agents: Mapping[str, str] = field(default_factory=dict)  # faction id -> agent spec
    default_agent: str = "heuristic"  # for factions not in `agents`
    resume: bool = False
    plot: bool = False
    scheduler: str | None = None  # a Dask scheduler address, or "local" for a LocalCluster on this machine
    measure: Measure | None = None  # per-game probe whose result lands in each record's `extra`
    progress: bool = True
    max_actions: int = 100_000  # per game: a guard against a game that never ends


def run_batch(config: BatchConfig, progress_stream: TextIO | None = None) -> Summary:
    from petrograd1917 import load_scenario

    if config.games < 0:
        raise BatchError("--games must be 0 or more")
    scenario = load_scenario(config.scenario)
    factions = [f.id for f in scenario.factions]
    agents = _resolve_agents(config, factions)
    header = {
        "scenario": config.scenario,
        "scenario_id": scenario.id,
        "scenario_hash": scenario.content_hash,
        "seed": config.seed,
        "agents": agents,
    }
    games_path = _prepare_out_dir(config, header)
    previous = _previous_records(games_path, config) if games_path is not None else []
    recorded = {record_key(r) for r in previous}
    # Workers (on a cluster, in other folders) load the scenario themselves: a file is sent as an absolute path.
    ref = str(Path(config.scenario).resolve()) if Path(config.scenario).is_file() else config.scenario
    cache_scenario(ref, scenario)
    agent_list = tuple(agents.items())
    tasks = (
        GameTask(i, config.seed, ref, scenario.content_hash, agent_list, config.measure, config.max_actions)
        for i in range(config.games)
        if (i, game_seed(config.seed, i)) not in recorded
    )
    records = list(previous)
    progress = Progress(config.games, len(previous), progress_stream) if config.progress else None
    writer = RecordWriter(games_path) if games_path is not None else None
    stopped_by = None
    with stop_signals() as signals:
        results = run_tasks(tasks, config.jobs or default_jobs(), config.scheduler)
        try:
            for record in results:
                if writer is not None:
                    writer.write(record)
                records.append(record)
                if progress is not None:
                    progress.advance(failed=bool(record.get("error")))
        except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM / SIGHUP turned into `Stopped`
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
    key_events = [k.id for k in scenario.victory.key_events]
    summary = summarize(records, factions, scenario.id, agents, key_events, stopped_by)
    if config.out is not None:
        _write_json(config.out / SUMMARY_FILE, summary.to_json())
        if config.plot and summary.completed:
            from petrograd1917.batch.plots import write_plots

            write_plots(summary, config.out)
    return summary


def _resolve_agents(config: BatchConfig, factions: list[str]) -> dict[str, str]:
    for faction in config.agents:
        if faction not in factions:
            hint = did_you_mean(faction, factions)
            raise BatchError(f"--ai {faction}=...: no faction '{faction}'{hint}; factions: {', '.join(factions)}")
    agents = {f: config.agents.get(f, config.default_agent) for f in factions}
    for spec in set(agents.values()):
        try:
            check_spec(spec)
        except AgentSpecError as exc:
            raise BatchError(str(exc)) from None
    return agents


def _prepare_out_dir(config: BatchConfig, header: dict[str, Any]) -> Path | None:
    if config.out is None:
        return None
    config.out.mkdir(parents=True, exist_ok=True)
    games_path = config.out / GAMES_FILE
    batch_path = config.out / BATCH_FILE
    has_games = games_path.exists() and games_path.stat().st_size > 0
    if has_games and not config.resume:
        raise BatchError(f"{config.out} already holds a batch: add --resume to continue it, or choose another --out")
    if config.resume and batch_path.exists():
        before = read_header(config.out)
        changed = [k for k in ("scenario_hash", "seed", "agents") if before.get(k) != header[k]]
        if changed:
            raise BatchError(
                f"cannot resume {config.out}: its batch had another {', '.join(changed)} "
                f"(it was: {', '.join(f'{k}={before.get(k)}' for k in changed)})"
            )
    _write_json(batch_path, header)
    return games_path


def read_header(out: Path | None) -> dict[str, Any]:
    """What the batch in `out` was started with (scenario, hash, seed, agents); empty when there is none."""
    path = out / BATCH_FILE if out is not None else None
    if path is None or not path.exists():
        return {}
    header = json.loads(path.read_text(encoding="utf-8"))
    return header if isinstance(header, dict) else {}


def _previous_records(games_path: Path, config: BatchConfig) -> list[dict[str, Any]]:
    """Recorded games of this batch, once each (a record's seed must be the one its index gets)."""
    if not config.resume:
        return []
    seen: dict[tuple[int, int], dict[str, Any]] = {}
    for record in read_records(games_path):
        key = record_key(record)
        if key[0] < config.games and key[1] == game_seed(config.seed, key[0]):
            seen.setdefault(key, record)
    return list(seen.values())


def _write_json(path: Path, data: Any) -> None:
    """Atomic: a reader (or a crash) never sees half a file."""
    write_text_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
