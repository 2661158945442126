"""Accuracy on the annotated corpus; the held-out set was written before any tuning."""

from __future__ import annotations

from pathlib import Path

import pytest

from deidtui.emulator.phi import tag
from deidtui.emulator.phi.evaluation import parse_corpus, parse_marked_note, score_notes

CORPUS = Path(__file__).parent / "corpus"


def _notes(name: str):
    return parse_corpus((CORPUS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "minimum_notes"), [("heldout.txt", 25), ("heldout2.txt", 12)])
def test_heldout_recall_and_category_accuracy(name: str, minimum_notes: int):
    notes = _notes(name)
    assert len(notes) >= minimum_notes
    score = score_notes(notes, tag)
    assert score.gold >= 8 * minimum_notes / 2
    assert score.recall >= 0.90, f"held-out recall {score.recall:.3f}; misses: {score.misses}"
    assert score.category_accuracy >= 0.80, f"category accuracy {score.category_accuracy:.3f}: {score.confusions}"


def test_dev_set_is_bigger_than_a_handful_and_scores_well():
    notes = _notes("dev.txt")
    assert len(notes) >= 30
    score = score_notes(notes, tag)
    assert score.recall >= 0.90 and score.category_accuracy >= 0.80 and score.precision >= 0.80


def test_the_scorer_can_fail():
    notes = _notes("heldout.txt")
    nothing = score_notes(notes, lambda text: [])
    assert nothing.recall == 0.0 and nothing.detected == 0
    everything_wrong = score_notes(
        notes,
        lambda text: [
            e.__class__(("Unknown"), e.start, e.end, e.text, e.confidence, e.offset, e.length) for e in tag(text)
        ],
    )
    assert everything_wrong.category_accuracy == 0.0


def test_marked_note_parsing():
    note = parse_marked_note("[[Patient|Zoë Côté]] vue le [[Date|1er avril]].")
    assert note.text == "Zoë Côté vue le 1er avril."
    assert note.mentions == (("Patient", 0, 8), ("Date", 16, 25))
