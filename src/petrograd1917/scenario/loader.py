"""Load a scenario: find the file, resolve `extends:` and `include:`, build the typed `Scenario`, check it.

Resolution order for one file: start from the scenario it `extends` (if any), merge each `include` in turn, then
the file's own keys on top. Merging is deep for mappings and by `id` for lists of items (`remove: true` deletes
an item); any other list replaces the earlier one. Referenced files must lie in the top file's own folder, the
built-in scenarios folder or the user's scenarios folder, so a scenario cannot read the rest of the disk.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from petrograd1917 import paths
from petrograd1917.scenario.build import Builder
from petrograd1917.scenario.errors import Diagnostic, Diagnostics, ScenarioError
from petrograd1917.scenario.model import Location, Scenario
from petrograd1917.scenario.slug import quoted
from petrograd1917.scenario.suggest import did_you_mean
from petrograd1917.scenario.validate import validate
from petrograd1917.scenario.yamlsource import (
    Mapping,
    Scalar,
    Sequence,
    Value,
    ValueBudget,
    parse_text,
    read_file,
    to_plain,
)

DIRECTIVES = ("include", "extends", "fragment")  # keys about the file itself, consumed while resolving
SUFFIXES = (".yaml", ".yml")
# Reading is bounded by the total work, not only by depth: ten includes of ten includes of ten... is refused as soon
# as this many files have been read, however shallow each step. Real scenarios read three or four.
MAX_FILES_READ = 64
MAX_REFERENCE_LENGTH = 255  # an `extends:` or `include:` name; the system's own limit for one file name


def load_scenario(name_or_path: str | os.PathLike[str]) -> Scenario:
    """A built-in or user scenario by name (`october-1917`), or a path to a .yaml file; raises ScenarioError."""
    path = find_scenario(name_or_path)
    return _load(path, display_name(path), None)


def load_scenario_text(text: str, filename: str = "<text>.yaml") -> Scenario:
    """Load from a string (tests, editors); `filename` names it in messages and its folder anchors includes."""
    path = Path(filename)
    return _load(path, filename, text)


def find_scenario(name_or_path: str | os.PathLike[str]) -> Path:
    """The file a name or path designates; a name is looked up in the built-in, then the user scenarios folder."""
    text = os.fspath(name_or_path)
    given = Path(text)
    if given.suffix in SUFFIXES or os.sep in text or "/" in text or _is_file(given):
        if _is_file(given):
            return given
        raise ScenarioError([Diagnostic(Location(text, 1, 1), "no such scenario file")])
    folders = [paths.builtin_scenarios_dir(), paths.user_scenarios_dir()]
    for folder in folders:
        candidate = folder / f"{text}.yaml"
        if _is_file(candidate):
            return candidate
    known = [p.stem for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.yaml"))]
    message = f"no scenario named '{text}' among the built-in or user scenarios{did_you_mean(text, known)}"
    raise ScenarioError([Diagnostic(Location(text, 1, 1), message)])


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; a name the system refuses (too long, a NUL inside) is simply none."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def display_name(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the working folder, or no working folder at all
        return str(path)


def _load(path: Path, display: str, text: str | None) -> Scenario:
    diagnostics = Diagnostics()
    data, is_fragment = resolve(path, display, text, diagnostics)
    if is_fragment:
        diagnostics.error(
            data.location,
            "this file is a fragment ('fragment: true'): it is meant to be included by a scenario "
            "('include: [this file]'), not loaded on its own",
        )
        diagnostics.raise_if_any()
    return _build(data, display, diagnostics)


def _build(data: Mapping, display: str, diagnostics: Diagnostics) -> Scenario:
    builder = Builder(diagnostics)
    scenario: Scenario = builder.build(Scenario, data, "scenario")
    validate(scenario, builder.locations, diagnostics, display)
    diagnostics.raise_if_any()
    return dataclasses.replace(scenario, source_file=display, content_hash=content_hash(data))


def resolve(path: Path, display: str, text: str | None, diagnostics: Diagnostics) -> tuple[Mapping, bool]:
    """The file with its extends and includes merged in, and whether it is a fragment; raises on unreadable files."""
    resolved = _Resolver(_roots(path.parent), diagnostics).resolve(path, display, text, (), None)
    diagnostics.raise_if_any()
    assert resolved is not None  # a file that cannot be read always leaves a diagnostic
    return resolved


def check_file(name_or_path: str | os.PathLike[str]) -> Scenario | None:
    """Validate a scenario, or a fragment on its own (types and keys, not cross-references); None for a fragment."""
    path = find_scenario(name_or_path)
    display = display_name(path)
    diagnostics = Diagnostics()
    data, is_fragment = resolve(path, display, None, diagnostics)
    if not is_fragment:
        return _build(data, display, diagnostics)
    Builder(diagnostics, partial=True).build(Scenario, data, "fragment")
    diagnostics.raise_if_any()
    return None


def content_hash(data: Mapping) -> str:
    canonical = json.dumps(to_plain(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _roots(own_folder: Path) -> tuple[Path, ...]:
    folders = (own_folder, paths.builtin_scenarios_dir(), paths.user_scenarios_dir())
    return tuple(dict.fromkeys(folder.resolve() for folder in folders))


# ----------------------------------------------------------------------------------------------------------
# Resolving extends and include
# ----------------------------------------------------------------------------------------------------------


class _Resolver:
    def __init__(self, roots: tuple[Path, ...], diagnostics: Diagnostics) -> None:
        self.roots = roots
        self.diagnostics = diagnostics
        self.budget = ValueBudget()  # values, over every file read
        self.files_read = 0

    def resolve(
        self, path: Path, display: str, text: str | None, chain: tuple[Path, ...], ref: Scalar | None
    ) -> tuple[Mapping, bool] | None:
        """The merged content of one file and whether it is a fragment; None if it could not be read."""
        real = path.resolve()
        if real in chain:
            assert ref is not None
            cycle = " -> ".join(p.name for p in (*chain[chain.index(real) :], real))
            self.diagnostics.error(ref.location, f"include cycle: {cycle}")
            return None
        self.files_read += 1
        if self.files_read > MAX_FILES_READ:
            assert ref is not None  # the first file is always read
            self.diagnostics.error(
                ref.location,
                f"more than {MAX_FILES_READ} files are read for this scenario (each 'extends' and 'include', "
                "counted every time it is read): include fewer files, or files that include fewer",
            )
            return None
        try:
            data = parse_text(text, display, self.budget) if text is not None else read_file(path, display, self.budget)
        except ScenarioError as exc:
            self.diagnostics.extend(exc.diagnostics)
            return None
        chain = (*chain, real)
        is_fragment = self._fragment_flag(data)
        base = Mapping({}, data.location)
        extends = data.values.get("extends")
        if extends is not None:
            parent = self.reference(extends, path.parent, chain, "extends")
            if parent is not None:
                parent_data, parent_is_fragment = parent
                if parent_is_fragment:
                    self.diagnostics.error(
                        extends.location, "'extends' needs a full scenario, and this file is a fragment: use 'include:'"
                    )
                base = parent_data
        include = data.values.get("include")
        if include is not None:
            items = include.items if isinstance(include, Sequence) else (include,)
            for item in items:
                part = self.reference(item, path.parent, chain, "include")
                if part is not None:
                    merged_part = merge(base, part[0], self.diagnostics)
                    assert isinstance(merged_part, Mapping)
                    base = merged_part
        own = Mapping(
            {k: v for k, v in data.values.items() if k not in DIRECTIVES},
            data.location,
            {k: v for k, v in data.keys.items() if k not in DIRECTIVES},
        )
        merged = merge(base, own, self.diagnostics)
        assert isinstance(merged, Mapping)
        return merged, is_fragment

    def _fragment_flag(self, data: Mapping) -> bool:
        flag = data.values.get("fragment")
        if flag is None:
            return False
        if isinstance(flag, Scalar) and isinstance(flag.value, bool):
            return flag.value
        self.diagnostics.error(flag.location, "'fragment' must be true or false")
        return False

    def reference(self, ref: Value, folder: Path, chain: tuple[Path, ...], key: str) -> tuple[Mapping, bool] | None:
        """Resolve and read the file an `extends:` or `include:` entry names."""
        if self.files_read > MAX_FILES_READ or self.budget.remaining < 0:  # already reported: read nothing more
            return None
        if not isinstance(ref, Scalar) or not isinstance(ref.value, str) or not ref.value.strip():
            self.diagnostics.error(ref.location, f"'{key}' expects a scenario name or a relative path to a .yaml file")
            return None
        name = ref.value.strip()
        if len(name) > MAX_REFERENCE_LENGTH or not name.isprintable():
            self.diagnostics.error(
                ref.location,
                f"'{key}' expects a scenario name or a relative path to a .yaml file, of at most "
                f"{MAX_REFERENCE_LENGTH} characters and no control characters; got {quoted(name)}",
            )
            return None
        path = self.locate(ref, folder)
        if path is None:
            return None
        return self.resolve(path, display_name(path), None, chain, ref)

    def locate(self, ref: Scalar, folder: Path) -> Path | None:
        assert isinstance(ref.value, str)
        text = ref.value.strip()
        relative = Path(text if Path(text).suffix in SUFFIXES else f"{text}.yaml")
        if relative.is_absolute():
            candidates = [relative]
        else:
            candidates = [folder / relative, *(root / relative for root in self.roots[1:])]
        for candidate in candidates:
            try:
                real = candidate.resolve()
            except (OSError, RuntimeError, ValueError):  # a symlink loop, a name the system refuses
                continue
            if not any(real.is_relative_to(root) for root in self.roots):
                self.diagnostics.error(
                    ref.location,
                    f"'{text}' is outside the scenario folders; included and extended files must be in the "
                    "scenario's own folder, the built-in scenarios folder or your scenarios folder",
                )
                return None
            if _is_file(real):
                return candidate
        known = sorted({p.name for root in self.roots if root.is_dir() for p in root.glob("*.yaml")})
        self.diagnostics.error(
            ref.location,
            f"no file '{relative}' in the scenario's folder, the built-in scenarios or your scenarios"
            + did_you_mean(relative.name, known),
        )
        return None


# ----------------------------------------------------------------------------------------------------------
# Merging
# ----------------------------------------------------------------------------------------------------------


def merge(base: Value | None, over: Value, diagnostics: Diagnostics) -> Value:
    """`over` on top of `base`: mappings key by key, lists of items by id, anything else replaced."""
    if isinstance(base, Mapping) and isinstance(over, Mapping):
        values = dict(base.values)
        keys = dict(base.keys)
        for key, value in over.values.items():
            values[key] = merge(base.values.get(key), value, diagnostics)
            keys[key] = over.key_location(key)
        return Mapping(values, over.location, keys)
    if (
        isinstance(over, Sequence)
        and isinstance(base, Sequence)
        and _is_item_list(over)
        and (not base.items or _is_item_list(base))
    ):
        return _merge_by_id(base, over, diagnostics)
    return over


def _item_id(value: Value) -> str | None:
    if isinstance(value, Mapping):
        ident = value.values.get("id")
        if isinstance(ident, Scalar) and ident.value is not None:
            return ident.raw
    return None


def _is_item_list(value: Sequence) -> bool:
    return bool(value.items) and all(_item_id(item) is not None for item in value.items)


def _merge_by_id(base: Sequence, over: Sequence, diagnostics: Diagnostics) -> Sequence:
    items: list[Value | None] = list(base.items)
    index = {ident: i for i, item in enumerate(base.items) if (ident := _item_id(item)) is not None}
    seen: set[str] = set()  # ids already met in `over`
    for item in over.items:
        assert isinstance(item, Mapping)
        ident = _item_id(item)
        assert ident is not None
        remove = item.values.get("remove")
        if remove is not None:
            if not (isinstance(remove, Scalar) and isinstance(remove.value, bool)):
                diagnostics.error(remove.location, "'remove' must be true (to delete the item) or left out")
                continue
            item = Mapping(
                {k: v for k, v in item.values.items() if k != "remove"},
                item.location,
                {k: v for k, v in item.keys.items() if k != "remove"},
            )
            if remove.value:
                if ident in index:
                    items[index.pop(ident)] = None
                else:
                    candidates = list(index)
                    diagnostics.error(
                        remove.location,
                        f"cannot remove '{ident}': no earlier item in this list has that id"
                        + did_you_mean(ident, candidates),
                    )
                continue
        if ident in index and ident not in seen:
            position = index[ident]
            items[position] = merge(items[position], item, diagnostics)
        else:  # a new item (an id repeated within one list stays repeated, so the duplicate check reports it)
            index.setdefault(ident, len(items))
            items.append(item)
        seen.add(ident)
    return Sequence(tuple(item for item in items if item is not None), over.location)
