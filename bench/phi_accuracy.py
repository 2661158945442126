"""Accuracy and speed of the emulator's PHI engine on the annotated corpus.

Usage: python bench/phi_accuracy.py [--details]

Prints, for the dev set (tuned on) and the held-out set (never tuned on): mention recall
(a gold mention counts when a prediction overlaps it), exact-span recall, category
accuracy among detected mentions, precision, per-category recall, and tag+surrogate
throughput. --details also lists misses, confusions and false positives.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deidtui.emulator.phi import SurrogateSession, tag  # noqa: E402
from deidtui.emulator.phi.evaluation import GoldNote, Score, parse_corpus, score_notes  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "phi" / "corpus"


def _print_score(name: str, notes: list[GoldNote], score: Score, details: bool) -> None:
    print(f"== {name}: {len(notes)} notes, {score.gold} gold mentions, {score.predicted} predictions")
    print(f"   recall (overlap)   {score.recall:6.1%}")
    print(f"   recall (exact)     {score.exact_recall:6.1%}")
    print(f"   category accuracy  {score.category_accuracy:6.1%}  (among detected)")
    print(f"   precision          {score.precision:6.1%}")
    print("   per-category recall:")
    for category in sorted(score.per_category_gold):
        gold = score.per_category_gold[category]
        found = score.per_category_detected[category]
        print(f"     {category:<16} {found:>3}/{gold:<3} {found / gold:6.1%}")
    if details:
        for category, text in score.misses:
            print(f"   MISS      {category:<14} {text!r}")
        for gold_cat, got, text in score.confusions:
            print(f"   CONFUSED  {gold_cat:<14} as {got:<14} {text!r}")
        for category, gold_text, predicted in score.inexact:
            print(f"   INEXACT   {category:<14} {gold_text!r} ~ {predicted!r}")
        for category, text in score.false_positives:
            print(f"   FALSE POS {category:<14} {text!r}")


def _throughput(notes: list[GoldNote], rounds: int = 20) -> None:
    texts = [n.text for n in notes]
    session = SurrogateSession("en-US", seed="bench-job")
    for text in texts:  # warm caches (Faker construction, regex compilation)
        session.surrogate(text, tag(text))
    size = sum(len(t.encode("utf-8")) for t in texts) * rounds
    start = time.perf_counter()
    for r in range(rounds):
        session = SurrogateSession("en-US", seed=f"bench-job-{r}")  # cold per-job caches
        for text in texts:
            session.surrogate(text, tag(text))
    elapsed = time.perf_counter() - start
    count = len(texts) * rounds
    avg_bytes = size / count
    print(f"== throughput: tag+surrogate {elapsed / count * 1000:.3f} ms per note "
          f"(avg {avg_bytes:.0f} B), {size / elapsed / 1e6:.2f} MB/s over {count} notes")
    long_text = "\n".join(texts)[:1500]
    start = time.perf_counter()
    for r in range(200):
        SurrogateSession("en-US", seed=f"one-{r % 4}").surrogate(long_text, tag(long_text))
    print(f"   1.5 KB note: {(time.perf_counter() - start) / 200 * 1000:.3f} ms tag+surrogate")


def main() -> None:
    details = "--details" in sys.argv
    all_notes: list[GoldNote] = []
    for name in ("dev", "heldout"):
        notes = parse_corpus((CORPUS / f"{name}.txt").read_text(encoding="utf-8"))
        all_notes += notes
        _print_score(name, notes, score_notes(notes, tag), details)
    _throughput(all_notes)


if __name__ == "__main__":
    main()
