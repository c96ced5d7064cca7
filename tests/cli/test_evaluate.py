import json

import pytest
from click.testing import CliRunner

from dealcoach.cli import main
from dealcoach.engine.evaluate import evaluate
from dealcoach.engine.playbook import default_playbook, patterns_only
from tests.conftest import DATA, ROOT

CORPUS = ROOT / "eval" / "corpus"


def test_evaluate_prints_per_label_scores_and_the_outcome_table():
    result = CliRunner().invoke(main, ["evaluate", str(DATA / "corpus"), "--split", "dev"])
    assert result.exit_code == 0, result.output
    assert "closing_question" in result.output and "macro-F1" in result.output
    assert "outcome (rows: expected" in result.output


def test_evaluate_json_and_verbose_misses():
    result = CliRunner().invoke(
        main, ["evaluate", str(DATA / "corpus"), "--format", "json", "--verbose"]
    )
    data = json.loads(result.output)
    assert data["conversations"] == 2 and data["utterances"] == 6
    assert data["outcome_accuracy"] == 1.0
    assert isinstance(data["errors"], list)


def test_a_missing_split_is_a_clear_error():
    result = CliRunner().invoke(main, ["evaluate", str(DATA / "corpus"), "--split", "test"])
    assert result.exit_code == 1
    assert "no .jsonl files" in result.output


def test_the_corpus_is_big_and_varied_enough():
    convs = [json.loads(line) for f in CORPUS.glob("*/*.jsonl") for line in f.open()]
    utterances = sum(len(c["utterances"]) for c in convs)
    dutch = [c for c in convs if c["language"] == "nl"]
    assert len(convs) >= 120 and utterances >= 1000
    assert sum(c["variant"] == "nl-BE" for c in dutch) * 5 >= len(dutch)
    assert sum(c["style"] == "asr" for c in convs) * 3 >= len(convs)


# Regression guard: the scored test split (134 conversations, 18 of them long realistic calls)
# may not drop below what was measured on 2026-11-26 (stop 9): patterns plus the shipped model
# macro-F1 0.842, question 0.958, ASR question 0.913, outcome 0.940, lowest label
# not_decision_maker 0.731; patterns only macro-F1 0.778, outcome 0.873.
@pytest.fixture(scope="module")
def test_split():
    return evaluate(CORPUS, "test", default_playbook())


def test_the_test_split_does_not_regress(test_split):
    assert test_split.macro_f1 >= 0.83
    assert test_split.labels["question"].f1 >= 0.94
    assert test_split.asr_question.f1 >= 0.90
    assert test_split.outcome_accuracy >= 0.92
    assert all(c.f1 >= 0.70 for c in test_split.labels.values())


def test_the_model_earns_its_place_on_text_it_was_not_trained_on(test_split):
    """The model adds what the patterns miss and overrules what they mishear: on text it was
    not trained on it must add, not cost."""
    patterns = evaluate(CORPUS, "test", patterns_only(default_playbook()))
    assert test_split.macro_f1 >= patterns.macro_f1 + 0.05
    assert test_split.outcome_accuracy >= patterns.outcome_accuracy


# The unseen split: 120 calls by writers none of whose text was ever tuned on (test shares its
# writers with dev). Measured on 2026-11-26: macro-F1 0.802 and outcome 0.875 with the model,
# 0.763 and 0.825 with patterns only.
def test_new_peoples_calls_are_heard_about_as_well_and_the_model_helps_there_too():
    heard = evaluate(CORPUS, "unseen", default_playbook())
    patterns = evaluate(CORPUS, "unseen", patterns_only(default_playbook()))
    assert heard.macro_f1 >= 0.78 and heard.outcome_accuracy >= 0.85
    assert heard.macro_f1 >= patterns.macro_f1 + 0.02
    assert heard.outcome_accuracy >= patterns.outcome_accuracy


def test_the_issue_floors_that_are_met(test_split):
    assert test_split.labels["question"].f1 >= 0.85
    assert test_split.labels["time_check"].f1 >= 0.85
    assert test_split.labels["next_step"].f1 >= 0.85
    assert test_split.asr_question.f1 >= 0.90
    assert test_split.outcome_accuracy >= 0.90


@pytest.mark.xfail(strict=True, reason="issue 4 floors not reached yet (see the issue note)")
def test_the_test_split_meets_the_issue_floors(test_split):
    assert all(c.f1 >= 0.85 for c in test_split.labels.values())
    assert test_split.macro_f1 >= 0.90


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": 1', "is not JSON"),
        ("[1]", "not an object"),
        ('{"id": "x", "utterances": []}', "no seller"),
        ('{"seller": "A", "utterances": [{"speaker": "A", "text": "hi"}]}', "labels must be"),
        ('{"seller": "A", "language": "fr", "utterances": []}', "is not nl or en"),
    ],
)
def test_a_corpus_line_that_is_not_a_conversation_is_named(tmp_path, line, problem):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "x.jsonl").write_text(line + "\n", "utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path)])
    assert result.exit_code == 1
    assert "x.jsonl: line 1 is " in result.output and problem in result.output
    assert "internal error" not in result.output
