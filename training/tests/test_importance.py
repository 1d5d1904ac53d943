"""The house model's inputs and their measured ranking (training/models/house.md)."""

import pytest

from training.importance import Ranked, column_descriptions, ranking_markdown
from training.models import house


def _ranked(*columns):
    return [Ranked(i + 1, c, 0.1 / (i + 1), 0.01, 0.1) for i, c in enumerate(columns)]


def test_every_input_has_a_reason_and_every_reason_an_input():
    assert set(house.PICKED) == set(house.SPEC.input_names)
    assert not set(house.SKIPPED) & set(house.PICKED)


def test_the_committed_ranking_marks_exactly_the_model_inputs():
    text = house.RANKING_FILE.read_text(encoding="utf-8")
    table = text.split("## Every column", 1)[1]
    used = [
        line.split("|")[2].strip(" `")
        for line in table.splitlines()
        if line.startswith("| ") and line.split("|")[6].strip() == "yes"
    ]
    assert sorted(used) == sorted(house.SPEC.input_names)
    ranked = [line for line in table.splitlines() if line.startswith("| ") and "`" in line]
    assert len(ranked) == 79
    assert text.startswith(house.RANKING_HEADER.rstrip())


def test_a_more_important_column_left_out_needs_a_reason():
    ranking = _ranked("A", "B", "C")
    with pytest.raises(ValueError, match=r"need a reason to be left out: \['B'\]"):
        ranking_markdown(ranking, {"A": "a", "C": "c"}, {}, {}, "# t")
    text = ranking_markdown(ranking, {"A": "a", "C": "c"}, {"B": "repeats A"}, {}, "# t")
    assert "| 2 | `B` |  | 0.0500 ± 0.0100 | 10.0% |  | repeats A |" in text


def test_column_descriptions_come_from_the_data_description():
    descriptions = column_descriptions(house.DESCRIPTION_FILE)
    assert descriptions["GrLivArea"] == "Above grade (ground) living area square feet"
    assert descriptions["GarageFinish"] == "Interior finish of the garage"
