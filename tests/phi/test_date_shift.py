"""One job-wide date shift: intervals survive, formats survive."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from deidtui.emulator.phi import SurrogateSession, tag
from deidtui.emulator.phi.date_patterns import parse_date


def _dates_after(text: str, seed: str) -> list[str]:
    """The surrogate of each date of `text`, read back by the unchanged text around it."""
    session = SurrogateSession("en-US", seed=seed)
    shifted = []
    for e in (e for e in tag(text) if e.category == "Date"):
        out = session.surrogate(text, [e])
        shifted.append(out[e.start : len(out) - (len(text) - e.end)])
    return shifted


def _as_date(value: str, day_first: bool, year: int | None = None) -> dt.date:
    parsed = parse_date(value, prefer_day_first=day_first)
    assert parsed is not None, value
    return dt.date(parsed.year or year or 2024, parsed.month, parsed.day or 1)


PAIRS = [
    ("Admitted 12/25/2023 and discharged 01/11/2024.", False, r"\d{2}/\d{2}/\d{4}"),
    ("Admitted 2023-12-25 and discharged 2024-01-11.", False, r"\d{4}-\d{2}-\d{2}"),
    ("Admitted December 25, 2023 and discharged January 11, 2024.", False, r"[A-Z][a-z]+ \d{1,2}, \d{4}"),
    ("Admise le 25 décembre 2023, sortie le 11 janvier 2024.", True, r"\d{1,2}(?:er)? [a-zéû]+ \d{4}"),
    ("Entrée le 25.12.2023, sortie le 11.01.2024.", True, r"\d{2}\.\d{2}\.\d{4}"),
    ("Seen November 4th and again November 21st.", False, r"[A-Z][a-z]+ \d{1,2}(?:st|nd|rd|th)"),
    ("Vue le 15 mars 2024 et revue le 1er avril 2024.", True, r"\d{1,2}(?:er)? [a-zéû]+ \d{4}"),
    ("RDV le 10 Janvier puis le 27 Janvier.", True, r"\d{1,2}(?:er)? [A-ZÉ][a-zéû]+"),
    ("Collected 28 Feb 2024, repeated 16 Mar 2024.", False, r"\d{1,2} [A-Z][a-z]{2} \d{4}"),
]


@pytest.mark.parametrize(("text", "day_first", "shape"), PAIRS)
@pytest.mark.parametrize("seed", ["job-1", "job-2", "another job"])
def test_interval_and_format_are_preserved(text: str, day_first: bool, shape: str, seed: str) -> None:
    originals = [e.text for e in tag(text) if e.category == "Date"]
    assert len(originals) == 2, originals
    shifted = _dates_after(text, seed)
    assert shifted != originals
    for value in shifted:
        assert re.fullmatch(shape, value), (value, shape)
    before = [_as_date(v, day_first) for v in originals]
    after = [_as_date(v, day_first, year=before[0].year) for v in shifted]
    expected = (before[1] - before[0]).days
    got = (after[1] - after[0]).days
    if "2024" not in text and "2023" not in text:  # year-less dates may cross a year end
        got %= 365
    assert got == expected == 17 or (got == expected and expected != 17)
    shift = SurrogateSession(seed=seed).date_shift_days
    if re.search(r"\d{4}", originals[0]):
        assert (after[0] - before[0]).days == shift


def test_every_date_in_a_job_moves_by_the_same_days():
    session = SurrogateSession("en-US", seed="job-same-shift")
    for text in ("Seen 03/01/2024.", "Visit on 2023-07-15.", "Born 11/30/1950."):
        entity = next(e for e in tag(text) if e.category == "Date")
        new = session.surrogate(text, [entity])[entity.start : -1]
        delta = _as_date(new, False) - _as_date(entity.text, False)
        assert delta.days == session.date_shift_days


def test_french_month_keeps_case_and_language():
    session = SurrogateSession("en-US", seed="job-fr-month")
    out = session.surrogate("le 10 Janvier", tag("le 10 Janvier"))
    month = out.split()[-1]
    assert month[0].isupper() and month.lower() in {
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    }
