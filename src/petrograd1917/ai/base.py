"""The one interface every computer player implements, and the registry that builds one from a short spec.

An agent owns its own `numpy.random.Generator`: it never draws from the game's rng, so letting a computer player
think (or search on clones) never changes what happens in the game it is watching.

Specs are what users type on the command line: `random`, `heuristic`, `mcts`, `mcts:hard`,
`mcts:playouts=400,depth=12`. A bare word after the colon is the agent's `level`; `key=value` pairs are options.
An agent of one's own is named by module and class, `mypkg.mymod:MyAgent` (options after a comma): the module is
imported (in every worker of a batch too) and `MyAgent(faction, rng, options)` builds it.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import numpy as np

from petrograd1917.scenario.suggest import did_you_mean

if TYPE_CHECKING:
    from petrograd1917.engine.actions import Action
    from petrograd1917.engine.state import GameState

Seed = int | np.random.SeedSequence | np.random.Generator | None


class Agent(Protocol):
    """A computer player for one faction."""

    faction: str
    spec: str  # the spec it was built from, as recorded in batch results

    def choose_action(self, state: GameState) -> Action:
        """A legal action for `state.current_faction` (also the answer to a pending event choice)."""
        ...


AgentFactory = Callable[[str, np.random.Generator, dict[str, str]], Agent]
_REGISTRY: dict[str, AgentFactory] = {}


class AgentSpecError(ValueError):
    """A spec that names no agent or gives it options it does not take."""


def register_agent(name: str, factory: AgentFactory) -> None:
    """Make `name` usable in specs. factory(faction, rng, options) builds the agent and rejects bad options."""
    _REGISTRY[name] = factory


def parse_spec(spec: str) -> tuple[str, dict[str, str]]:
    """`mcts:hard,playouts=400` -> ("mcts", {"level": "hard", "playouts": "400"})."""
    name, _, rest = spec.strip().partition(":")
    options: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, value = part.partition("=")
        if eq:
            options[key.strip()] = value.strip()
        else:
            options["level"] = key
    return name, options


def make_agent(spec: str, faction: str, seed: Seed = None) -> Agent:
    """Build the agent a spec names, seeded with its own generator (an int, a SeedSequence or a Generator)."""
    _load_builtin_agents()
    name, options = parse_spec(spec)
    if name not in _REGISTRY and ("." in name or (options.get("level") and _importable(name))):
        factory = _imported(name, options.pop("level", ""))
        agent = factory(faction, np.random.default_rng(seed), options)
        agent.spec = spec
        return agent
    if name not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY))
        hint = did_you_mean(name, _REGISTRY)
        raise AgentSpecError(f"unknown agent '{name}'{hint}; known agents: {known} (or your own, as module:Class)")
    agent = _REGISTRY[name](faction, np.random.default_rng(seed), options)
    agent.spec = spec
    return agent


def _importable(module_name: str) -> bool:
    try:
        return importlib.util.find_spec(module_name) is not None
    except (ImportError, ValueError):
        return False


def _imported(module_name: str, attribute: str) -> AgentFactory:
    """The agent class (or factory) `attribute` of module `module_name`, with a clear error when either is missing."""
    if not attribute:
        raise AgentSpecError(f"name the agent class after the module: {module_name}:MyAgent")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise AgentSpecError(f"cannot import the agent module '{module_name}': {error}") from None
    factory = getattr(module, attribute, None)
    if not callable(factory):
        raise AgentSpecError(f"module '{module_name}' has no agent class '{attribute}'")
    built: AgentFactory = factory
    return built


def agent_names() -> list[str]:
    _load_builtin_agents()
    return sorted(_REGISTRY)


def check_spec(spec: str) -> None:
    """Raise AgentSpecError now for a spec that would fail later (the CLI checks before starting a batch)."""
    make_agent(spec, "", 0)


class Options:
    """Typed reading of an agent's options; whatever is left unread at `done()` is an error with a hint."""

    def __init__(self, agent: str, options: dict[str, str]) -> None:
        self._agent = agent
        self._left = dict(options)
        self._known: list[str] = []

    def _take(self, key: str) -> str | None:
        self._known.append(key)
        return self._left.pop(key, None)

    def float(self, key: str, default: float) -> float:
        raw = self._take(key)
        try:
            return default if raw is None else float(raw)
        except ValueError:
            raise AgentSpecError(f"{self._agent}: option {key}={raw} is not a number") from None

    def int(self, key: str, default: int) -> int:
        raw = self._take(key)
        try:
            return default if raw is None else int(raw)
        except ValueError:
            raise AgentSpecError(f"{self._agent}: option {key}={raw} is not a whole number") from None

    def choice(self, key: str, default: str, allowed: tuple[str, ...]) -> str:
        raw = self._take(key)
        value = default if raw is None else raw
        if value not in allowed:
            hint = did_you_mean(value, allowed)
            raise AgentSpecError(f"{self._agent}: {key} '{value}' is not one of {', '.join(allowed)}{hint}")
        return value

    def done(self) -> None:
        for key in self._left:
            hint = did_you_mean(key, self._known)
            raise AgentSpecError(f"{self._agent}: unknown option '{key}'{hint}; options: {', '.join(self._known)}")


def _load_builtin_agents() -> None:
    """Importing the agent modules registers them; done lazily so `base` has no import cycle with them."""
    from petrograd1917.ai import heuristic, historical, mcts, random_agent  # noqa: F401
