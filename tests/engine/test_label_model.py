"""The shipped label model: small, explained, switchable, and trained reproducibly."""

import gzip
import json
import subprocess
import sys
from unittest import mock

import jsonschema

from dealcoach.engine import analyze_transcript
from dealcoach.engine.labels import label_utterances
from dealcoach.engine.labels.model import default_model, features, from_bytes, load_model, to_bytes
from dealcoach.engine.model import Segment, Transcript
from dealcoach.engine.playbook import LABELS, NEXT_STEP_KINDS, default_playbook, patterns_only
from dealcoach.engine.report.document import analysis_document, schema
from dealcoach.engine.roles import assign_roles
from dealcoach.engine.turns import build_utterances
from tests.conftest import DATA, ROOT


def call(*turns: tuple[str, str], playbook=None):
    transcript = Transcript("m.txt", "text", "test", tuple(Segment(s, t) for s, t in turns))
    return analyze_transcript(transcript, sellers=["Hannah"], lang="en", playbook=playbook)


def test_the_model_ships_small_and_covers_every_label():
    model = default_model()
    assert model is not None and model.version.startswith("1-")
    assert set(model.labels) == set(LABELS)
    size = (ROOT / "src" / "dealcoach" / "data" / "label_model.json.gz").stat().st_size
    assert size < 4_000_000
    assert all(0 < lw.threshold <= 1.01 for lw in model.labels.values())


def test_features_name_words_role_context_and_the_patterns_labels():
    seen = features(
        "so, shall we book it?", "seller", {"question"}, {"stall"}, "last", "hm. maybe.", ["p1"]
    )
    assert {"r:seller", "pos:last", "q:mark", "w:book", "b:we_book", "rule:question"} <= set(seen)
    assert {"p:maybe", "pid:p1"} <= set(seen)
    assert "prev:stall" in seen and "prev:none" not in seen


def test_a_label_the_model_adds_names_the_model_and_the_words_it_heard():
    result = call(
        ("Hannah", "We could run the whole thing on your line three for a month, no charge."),
        ("Dave", "Hm."),
        ("Hannah", "So: thirty days on line three, starting the fourth, and I'm on site day one."),
        ("Dave", "Alright."),
    )
    for u in result.utterances:
        for m in u.matches:
            if m.source == "model":
                assert m.pattern_id == f"model.{m.label}"
                start, end = m.span
                assert 0 <= start < end <= len(u.text)


def test_patterns_only_switches_the_model_off():
    playbook = patterns_only(default_playbook())
    assert not any(lang.use_model for lang in playbook.languages.values())
    result = call(("Hannah", "Hi Dave."), ("Dave", "Hi."), playbook=playbook)
    assert all(m.source == "rule" for u in result.utterances for m in u.matches)


def test_training_is_reproducible(tmp_path):
    out = [tmp_path / "a.json.gz", tmp_path / "b.json.gz"]
    for path in out:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "train_label_model.py"),
                "--corpus",
                str(DATA / "corpus"),
                "--splits",
                "dev",
                "--epochs",
                "2",
                "--folds",
                "2",
                "--output",
                str(path),
            ],
            check=True,
            capture_output=True,
        )
    first, second = (p.read_bytes() for p in out)
    assert first == second  # byte for byte
    model = json.loads(gzip.decompress(first))
    assert model["trained_on"]["splits"] == "dev" and load_model(out[0]).labels


def test_training_refuses_the_held_out_splits(tmp_path):
    script = str(ROOT / "scripts" / "train_label_model.py")
    for args in (["--splits", "test"], ["--splits", "dev,unseen"], ["--calibrate", "unseen"]):
        proc = subprocess.run([sys.executable, script, *args], capture_output=True, text=True)
        assert proc.returncode != 0 and "never trained on" in proc.stderr, args


def test_the_kind_of_an_agreed_step_names_what_named_it():
    named = (
        ("Hannah", "Shall we run a four-week pilot on line three?"),
        ("Dave", "Yes, let's do that."),
    )
    step = call(*named).next_step
    assert step["agreed"] and (step["kind"], step["kind_source"]) == ("pilot", "rule")
    unnamed = (
        ("Hannah", "Shall we go ahead then, and I set it all up for Thursday at ten?"),
        ("Dave", "Yes, let's do that."),
    )
    step = call(*unnamed).next_step
    assert step["agreed"] and step["time"] == "Thursday at ten"
    assert (step["kind"] in NEXT_STEP_KINDS and step["kind_source"] == "model") or (
        step["kind"] is None and step["kind_source"] is None
    )
    rules_only = call(*unnamed, playbook=patterns_only(default_playbook())).next_step
    assert rules_only is None or rules_only["kind"] is None


def test_the_fast_lookup_counts_exactly_the_features_training_saw():
    """``turn_known`` skips naming features for speed; it must find the same numbers."""
    from collections import Counter

    from dealcoach.engine.labels.model import head_features, words

    model = default_model()
    turns = [
        ("seller", "Zullen we dinsdag om negen uur een demo inplannen, of past donderdag beter?"),
        ("prospect", "ja dat is prima dinsdag is goed eh ja"),
        ("prospect", "Dat moet ik met mijn directeur bespreken, die beslist."),
        ("seller", "Could we book a pilot on line three next Thursday at 10?"),
    ]
    previous = ""
    for role, text in turns:
        lower = text.lower()
        args = (lower, role, {"question"}, {"closing_question"}, "mid")
        reply = "yes, let's do that"
        named = features(*args, previous, ["question.mark"], reply)
        head = head_features(lower, role, len(words(lower)), *args[2:], ["question.mark"])
        fast = model.turn_known(words(lower), words(previous), head, words(reply))
        assert Counter(fast) == Counter(model.known(named))
        assert fast  # the sentences share words with the vocabulary
        previous = lower


# A proposal and a yes the English patterns hear as agreement.
_PROPOSAL = Transcript(
    "v.txt",
    "text",
    "test",
    (
        Segment("Hannah", "Shall we book the demo for Tuesday at ten?"),
        Segment("Dave", "Yes, sounds good."),
    ),
)


def _vetoing_model(veto: float):
    """A one-label model that finds "sounds" very unlikely agreement (p = 0.007)."""
    column = {"bias": -1.0, "threshold": 1.01, "weights": {"w:sounds": -4.0}, "veto": veto}
    return from_bytes(to_bytes("t", {"agreement": column}, {}))


def _agreement_after_a_proposal(model):
    utterances = build_utterances(_PROPOSAL)
    rules = default_playbook().language("en")
    assign_roles("v.txt", utterances, rules.roles, sellers=["Hannah"])
    label_utterances(utterances, rules, model)
    return utterances[1]


def test_the_model_overrules_a_pattern_hit_only_below_its_veto():
    model = _vetoing_model
    assert "agreement" in _agreement_after_a_proposal(None).labels  # the patterns hear it
    assert "agreement" in _agreement_after_a_proposal(model(0.0)).labels  # no veto: kept
    kept = _agreement_after_a_proposal(model(0.005))  # p = 0.007: above the veto
    assert "agreement" in kept.labels and not kept.overruled
    overruled = _agreement_after_a_proposal(model(0.3))  # p below the veto
    assert "agreement" not in overruled.labels
    assert {m.label for m in overruled.overruled} == {"agreement"}
    assert all(m.source == "rule" for m in overruled.overruled)
    assert model(0.3).vetoing == {"agreement"} and not model(0.0).vetoing


def test_an_overruled_hit_is_in_the_json_report_and_fits_the_schema():
    vetoing = _vetoing_model(0.3)
    with mock.patch("dealcoach.engine.default_model", return_value=vetoing):
        analysis = analyze_transcript(_PROPOSAL, sellers=["Hannah"], lang="en")
    doc = analysis_document(analysis)
    jsonschema.validate(doc, schema())
    turn = doc["utterances"][1]
    assert "agreement" not in turn["labels"]
    assert {m["label"] for m in turn["overruled"]} == {"agreement"}
    assert "overruled" not in doc["utterances"][0]
