"""Hostile scenario files and folders: line ends of every kind, odd references, include fan-out, pipes and broken
files among good ones. Each gives a located error or a listing entry marked broken, never a traceback or a hang."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from scenario_helpers import TINY, TINY_MAP, Edit, only_error

from petrograd1917.cli import main
from petrograd1917.scenario.catalog import list_scenarios
from petrograd1917.scenario.loader import MAX_FILES_READ, load_scenario
from petrograd1917.scenario.yamlsource import LINE_BREAK


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


def where(text: str, needle: str) -> tuple[int, int]:
    """Line and column of `needle`, counting line breaks as YAML does (CR, CRLF, LF, U+2028, U+2029, U+0085)."""
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not found")


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda text: text.replace("\n", "\r"),
        lambda text: text.replace("\n", "\r\n"),
        lambda text: "# note\u2028\u2028\u2028\n" + text,
        lambda text: "# a\u2029# b\x85# c\n" + text.replace("\n", "\r", 20),
    ],
    ids=["CR only", "CRLF", "three line separators", "mixed"],
)
def test_any_line_ends_validate_with_exact_locations(
    capsys: pytest.CaptureFixture[str], write_tiny: Edit, rewrite: object
) -> None:
    assert callable(rewrite)
    good = write_tiny()
    good.write_bytes(rewrite(good.read_text(encoding="utf-8")).encode("utf-8"))
    code, out, _ = run(capsys, "validate", str(good))
    assert (code, out) == (0, f"{good}: ok\n")
    broken = write_tiny(("    arms: 0.7", "    arms: high"), name="broken.yaml")
    text = rewrite(broken.read_text(encoding="utf-8"))
    broken.write_bytes(text.encode("utf-8"))
    code, out, _ = run(capsys, "validate", str(broken))
    line, column = where(text, "arms: high")
    assert code == 1 and out.splitlines()[0].startswith(f"{broken}:{line}:{column + 6}: error: 'arms' of unit")


def test_a_condition_in_a_block_after_line_separators_is_located(write_tiny: Edit) -> None:
    written = "    if: >-\n      crowd(centre) > 1000\n      or trun >= 3\n"
    path = write_tiny(('    if: "crowd(centre) > 1000 or turn >= 3"\n', written))
    text = "# \u2028\u2028\u2028\n" + path.read_text(encoding="utf-8").replace("\n", "\r")
    path.write_bytes(text.encode("utf-8"))
    diagnostic = only_error(path)
    assert (diagnostic.location.line, diagnostic.location.column) == where(text, "trun")
    assert "unknown name 'trun'" in diagnostic.message or "trun" in diagnostic.message


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ('"tiny\\0"', "'tiny\\x00'"),
        ("x" * 300, "'xxxxxxxxxxxx"),
        ('"ti\\u202Eny"', "'ti\\u202eny'"),
        ('"\\e[31mred"', "'\\x1b[31mred'"),
    ],
    ids=["NUL", "over-long", "right-to-left override", "terminal escape"],
)
def test_odd_extends_and_include_names_are_located_errors(
    capsys: pytest.CaptureFixture[str], isolated_user_dir: Path, written: str, shown: str
) -> None:
    folder = isolated_user_dir / "scenarios"
    shutil.copy(TINY, folder / "tiny.yaml")
    shutil.copy(TINY_MAP, folder / TINY_MAP.name)
    (folder / "odd-extends.yaml").write_text(f"extends: {written}\nid: odd\n", encoding="utf-8")
    (folder / "odd-include.yaml").write_text(f"extends: tiny\nid: odd2\ninclude: [{written}]\n", encoding="utf-8")
    for name, key, line, column in (("odd-extends", "extends", 1, 10), ("odd-include", "include", 3, 11)):
        diagnostic = only_error(folder / f"{name}.yaml")
        assert (diagnostic.location.line, diagnostic.location.column) == (line, column), str(diagnostic)
        assert diagnostic.message.startswith(f"'{key}' expects a scenario name or a relative path")
        assert shown in diagnostic.message
        code, out, _ = run(capsys, "validate", str(folder / f"{name}.yaml"))
        assert code == 1 and f"{name}.yaml:{line}:{column}: error: '{key}' expects" in out
        assert "\x1b" not in out and "\u202e" not in out
    code, out, _ = run(capsys, "scenarios")
    assert code == 0 and "tiny  [yours]  Tiny Revolution" in out
    assert "odd-extends  [yours, BROKEN]" in out and "odd-include  [yours, BROKEN]" in out


def test_include_fan_out_is_refused_by_the_files_read(tmp_path: Path) -> None:
    """Ten includes a level, seven levels: ten million files to read, refused after MAX_FILES_READ."""
    for level in range(7):
        items = ", ".join([f"level{level + 1}.yaml"] * 10)
        (tmp_path / f"level{level}.yaml").write_text(f"fragment: true\ninclude: [{items}]\n", encoding="utf-8")
    (tmp_path / "level7.yaml").write_text("fragment: true\nglossary: []\n", encoding="utf-8")
    (tmp_path / "top.yaml").write_text("id: top\ninclude: [level0.yaml]\n", encoding="utf-8")
    diagnostics = [d for d in _errors(tmp_path / "top.yaml") if "files are read" in d.message]
    (diagnostic,) = diagnostics
    assert diagnostic.message.startswith(f"more than {MAX_FILES_READ} files are read for this scenario")
    assert diagnostic.location.file.endswith(".yaml") and diagnostic.location.line == 2
    assert diagnostic.location.column >= 11


def _errors(path: Path) -> list[object]:
    from petrograd1917.scenario.errors import ScenarioError

    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return list(caught.value.diagnostics)


def test_broken_entries_in_the_user_folder_never_stop_the_listing(
    capsys: pytest.CaptureFixture[str], isolated_user_dir: Path
) -> None:
    folder = isolated_user_dir / "scenarios"
    shutil.copy(TINY, folder / "tiny.yaml")
    shutil.copy(TINY_MAP, folder / TINY_MAP.name)
    os.mkfifo(folder / "a-pipe.yaml")  # opening it for reading would wait for a writer for ever
    (folder / "b-dangling.yaml").symlink_to(folder / "nowhere.yaml")
    (folder / "c-directory.yaml").mkdir()
    (folder / "d-bad-id.yaml").write_text('extends: tiny\nid: "../../x/PWNED"\n', encoding="utf-8")
    entries = {entry.path.name: entry for entry in list_scenarios() if not entry.builtin}
    assert not entries["tiny.yaml"].broken and entries["tiny.yaml"].title == "Tiny Revolution"
    for name, message in (
        ("a-pipe.yaml", "a-pipe.yaml:1:1: error: cannot read the file: it is not a regular file"),
        ("b-dangling.yaml", "b-dangling.yaml:1:1: error: cannot read the file: No such file or directory"),
        ("c-directory.yaml", "c-directory.yaml:1:1: error: cannot read the file: it is not a regular file"),
        ("d-bad-id.yaml", "d-bad-id.yaml:2:5: error: the scenario id '../../x/PWNED' must be lower-case"),
    ):
        error = entries[name].error
        assert error is not None and message in error, error
    code, out, _ = run(capsys, "scenarios")
    assert code == 0 and "tiny  [yours]  Tiny Revolution" in out and out.count("BROKEN") == 4


@pytest.mark.parametrize(
    "title",
    ['Tiny \\"Red\\" Revolution', "Tiny\\nRevolution", "Tiny: #1 {x} [y]", "Tiny\\u2028\\0\\e[31m"],
    ids=["quotes", "newline", "YAML signs", "control characters"],
)
def test_new_scenario_from_an_awkward_title_writes_a_file_that_loads(
    capsys: pytest.CaptureFixture[str], isolated_user_dir: Path, title: str
) -> None:
    folder = isolated_user_dir / "scenarios"
    shutil.copy(TINY_MAP, folder / TINY_MAP.name)
    text = TINY.read_text(encoding="utf-8").replace("title: Tiny Revolution", f'title: "{title}"')
    (folder / "base.yaml").write_text(text.replace("id: tiny\n", "id: base\n"), encoding="utf-8")
    base = load_scenario(folder / "base.yaml")
    code, out, err = run(capsys, "new-scenario", "mine", "--from", "base")
    assert (code, err) == (0, ""), out
    variant = load_scenario(folder / "mine.yaml")
    assert variant.id == "mine" and variant.title == f"{base.title} (mine)"
    assert variant.summary.startswith("My variant of Tiny")


def test_new_scenario_with_a_home_that_is_a_file_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "home-file"
    home.write_text("not a folder")
    monkeypatch.setenv("PETROGRAD1917_HOME", str(home))
    monkeypatch.setenv("PETROGRAD1917_SCENARIOS", str(TINY.parent))
    code, out, err = run(capsys, "new-scenario", "mine", "--from", "tiny")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"error: cannot write {home / 'scenarios' / 'mine.yaml'}: ")


def test_new_scenario_with_a_read_only_home_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, isolated_user_dir: Path
) -> None:
    monkeypatch.setenv("PETROGRAD1917_SCENARIOS", str(TINY.parent))

    def refuse(self: Path, *args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    # Tests may run as root, whom file modes do not stop: the refusal a read-only folder gives is raised instead.
    monkeypatch.setattr(Path, "write_text", refuse)
    code, out, err = run(capsys, "new-scenario", "mine", "--from", "tiny")
    target = isolated_user_dir / "scenarios" / "mine.yaml"
    assert (code, out, err) == (2, "", f"error: cannot write {target}: Permission denied\n")
