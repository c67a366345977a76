"""The game's texts are in the project's own words: no run of nine words is shared with the source histories."""

from __future__ import annotations

from pathlib import Path

from own_words import digests, load_fingerprints, project_texts, shared_runs, words

ROOT = Path(__file__).resolve().parents[1]


def test_no_text_of_the_project_copies_a_run_of_the_sources() -> None:
    fingerprints = load_fingerprints()
    copied = [
        f"{path.relative_to(ROOT)}: {run!r}"
        for path, text in project_texts(ROOT)
        for run in shared_runs(text, fingerprints)
    ]
    assert not copied, "write these in our own words:\n" + "\n".join(copied)


def test_the_check_finds_a_copied_run_whatever_its_case_and_punctuation() -> None:
    source = "The crowd crossed the frozen river at dawn, because the bridges were held by the police."
    fingerprints = set(digests(words(source)))
    ours = "Our card: THE crowd crossed the frozen river -- at dawn; because the bridges were closed."
    assert shared_runs(ours, fingerprints) == ["the crowd crossed the frozen river at dawn because the bridges were"]
    assert shared_runs("The crowd went over the ice at first light.", fingerprints) == []


def test_the_fingerprints_cover_the_sources() -> None:
    """Nearly 190,000 words of histories give as many runs; a cut or empty file would let copies through."""
    assert len(load_fingerprints()) > 150_000
