"""The scenario sub-commands: exit codes, output, the shipped schema, starter files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scenario_helpers import TINY, TINY_MAP, Edit

from petrograd1917.cli import main
from petrograd1917.scenario.loader import load_scenario
from petrograd1917.scenario.schema import SCHEMA_FILE, schema_text


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(TINY), str(TINY_MAP))
    assert code == 0
    assert out.splitlines()[0] == f"{TINY}: ok"
    assert out.splitlines()[1].startswith(f"{TINY_MAP}: ok (fragment")


def test_validate_lists_every_error_and_exits_1(capsys: pytest.CaptureFixture[str], write_tiny: Edit) -> None:
    broken = write_tiny(("    arms: 0.7", "    arms: high"), ('colour: "#1f3f8f"', "colour: blue"))
    code, out, _ = run(capsys, "validate", str(TINY), str(broken))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{TINY}: ok"
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 2
    assert all(line.split(":")[1].isdigit() and line.split(":")[2].isdigit() for line in errors)
    assert lines[-1] == f"{broken}: 2 errors"


def test_validate_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 2 and "no such file" in err and out == ""


def test_validate_without_arguments_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "validate")
    assert code == 2


def test_schema_prints_the_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["title"] == "Petrograd 1917 scenario"


def test_shipped_schema_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "the model changed: regenerate with `petrograd1917 schema --write`"
    )


def test_schema_describes_every_model_class() -> None:
    definitions = json.loads(schema_text())["definitions"]
    for name in ("District", "Link", "Site", "Faction", "Unit", "Event", "Effect", "Rules", "Calendar", "Food"):
        assert name in definitions
    unit = definitions["Unit"]["properties"]
    assert unit["arms"]["minimum"] == 0 and unit["arms"]["maximum"] == 1
    assert "if" in definitions["Event"]["properties"] and "condition" not in definitions["Event"]["properties"]
    assert "remove" in definitions["Unit"]["properties"]


def test_scenarios_lists_builtin_and_user_ones(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, isolated_user_dir: Path
) -> None:
    monkeypatch.setenv("PETROGRAD1917_SCENARIOS", str(TINY.parent))
    (isolated_user_dir / "scenarios" / "bad.yaml").write_text("id: bad\ntitle: [\n")
    code, out, _ = run(capsys, "scenarios")
    assert code == 0
    assert "tiny  [built-in]  Tiny Revolution  (1917-02-23 to 1917-02-27, Julian)" in out
    assert "factions: The Government, The Workers' Party, The Liberals" in out
    assert "bad  [yours, BROKEN]" in out and "bad.yaml:3:1: error: YAML syntax" in out
    assert "tiny-map" not in out


def test_new_scenario_writes_a_starter_that_validates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, isolated_user_dir: Path
) -> None:
    monkeypatch.setenv("PETROGRAD1917_SCENARIOS", str(TINY.parent))
    code, out, _ = run(capsys, "new-scenario", "my-tiny", "--from", "tiny")
    assert code == 0, out
    path = isolated_user_dir / "scenarios" / "my-tiny.yaml"
    text = path.read_text()
    assert 'extends: "tiny"' in text and "$schema=" in text
    scenario = load_scenario(path)
    assert scenario.id == "my-tiny" and len(scenario.units) == 4
    # The commented examples are valid too: uncomment them all and load again.
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and not line.startswith("# my-") else line for line in text.splitlines()
    )
    uncommented = "\n".join(
        line
        for line in uncommented.splitlines()
        if not line.startswith(("#", "Lists", "change", "Examples", "yaml-language"))
    )
    path.write_text(uncommented)
    changed = load_scenario(path)
    assert len(changed.units) == 3 and changed.food.stock_tonnes == 1000 and len(changed.events) == 4
    assert run(capsys, "validate", str(path))[0] == 0


def test_new_scenario_refuses_to_overwrite(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PETROGRAD1917_SCENARIOS", str(TINY.parent))
    assert run(capsys, "new-scenario", "mine", "--from", "tiny", "--dir", str(tmp_path))[0] == 0
    code, _, err = run(capsys, "new-scenario", "mine", "--from", "tiny", "--dir", str(tmp_path))
    assert code == 2 and "already exists" in err


def test_new_scenario_from_an_unknown_base_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PETROGRAD1917_SCENARIOS", str(TINY.parent))
    code, _, err = run(capsys, "new-scenario", "mine", "--from", "tinny")
    assert code == 2 and "did you mean 'tiny'?" in err


def test_new_scenario_from_a_path_outside_the_folders_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "new-scenario", "mine", "--from", str(TINY), "--dir", str(tmp_path))
    assert code == 2 and "must be a built-in scenario" in err


def test_new_scenario_beside_its_base(capsys: pytest.CaptureFixture[str], write_tiny: Edit) -> None:
    base = write_tiny()
    code, out, _ = run(capsys, "new-scenario", "mine", "--from", str(base), "--dir", str(base.parent))
    assert code == 0, out
    assert 'extends: "tiny.yaml"' in (base.parent / "mine.yaml").read_text()


def test_every_builtin_scenario_file_validates(capsys: pytest.CaptureFixture[str]) -> None:
    from petrograd1917 import paths

    files = sorted(str(p) for p in paths.builtin_scenarios_dir().glob("*.yaml"))
    if not files:
        pytest.skip("no built-in scenarios in this checkout")
    code, out, _ = run(capsys, "validate", *files)
    assert code == 0, out
