"""The RE2 prefilter may only save work: it never hides a pattern that matches."""

import json
import re

import pytest

from dealcoach.engine.labels import _prefilter, normalise
from dealcoach.engine.labels.prefilter import Prefilter, widen
from dealcoach.engine.playbook import default_playbook
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\bkom ik gelegen\b", "eh kom ik gelegen?"),
        (r"(?<!that's)(,|\s)right\s*$", "you use excel, right"),
        (r"^\W*(ja|prima)\b", "... ja hoor"),
        (r"\b(geïnteresseerd|interesse)\b", "niet geïnteresseerd"),
        (r"[^\W\d_]+ doen", "dat doen"),
        (r"\b\w+ van \w+\b", "sanne van planbaar"),
    ],
)
def test_a_widened_pattern_still_matches_what_python_matches(pattern, text):
    assert re.search(pattern, text)
    assert Prefilter([re.compile(pattern)]).candidates(text) == frozenset({0})


def test_lookarounds_and_boundaries_are_dropped_classes_kept():
    assert widen(r"(?<!not )\binterested(?=\W)") == "interested"
    assert widen(r"[^.?!]{0,30}\w") == r"[^.?!]*\S"  # any count: a smaller automaton
    assert widen(r"\d{1,2}:\d\d") == r"\d+:\d\d"
    assert widen(r"[^\W\d_]x") is None  # left to Python's re


def test_the_prefilter_never_changes_a_label_on_the_dev_corpus():
    playbook = default_playbook()
    for path in sorted((ROOT / "eval" / "corpus" / "dev").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            conv = json.loads(line)
            language = playbook.language(conv["language"])
            prefilter = _prefilter(language)
            assert prefilter.active
            regexes = []
            for p in language.patterns:
                regexes += [p.regex, p.requires, p.unless]
            for u in conv["utterances"]:
                text = normalise(u["text"])
                may = prefilter.candidates(text)
                for n, regex in enumerate(regexes):
                    if regex is not None and regex.search(text):
                        assert n in may, (conv["id"], regex.pattern[:60], text)
