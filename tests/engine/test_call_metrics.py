"""The figures read off the labels, checked directly on small hand-made calls."""

import subprocess
import sys

from dealcoach.engine import analyze_transcript
from dealcoach.engine.call_metrics import call_clock, said_at
from dealcoach.engine.model import Segment, Transcript
from tests.conftest import EXAMPLES


def analyse(*turns: tuple[str, str, float, float], lang: str = "en"):
    segments = tuple(Segment(s, t, a, b) for s, t, a, b in turns)
    return analyze_transcript(
        Transcript("m.txt", "text", "test", segments), sellers=["Sam"], lang=lang
    )


def test_the_first_question_counts_the_pitch_inside_its_own_turn():
    result = analyse(
        (
            "Sam",
            "We build rostering software for care homes. It saves hours. How do you plan today?",
            0,
            20,
        ),
        ("Kim", "With Excel.", 21, 23),
    )
    first = result.call_metrics.first_question
    assert first["utterance"] == 0 and first["turns_before"] == 0
    assert first["seller_words_before"] == 10  # the two sentences before the question
    assert 0 < first["seconds"] < 20  # said inside the turn, not at its start


def test_a_greeting_is_not_the_first_question():
    result = analyse(
        ("Sam", "Hi Kim, can you hear me?", 0, 3),
        ("Kim", "Yes, loud and clear.", 3, 5),
        ("Sam", "Great. How do you plan your shifts today?", 5, 9),
        ("Kim", "With Excel.", 9, 11),
    )
    assert result.call_metrics.first_question["utterance"] == 2


def test_after_a_close_who_spoke_next_the_silence_and_the_words_added():
    result = analyse(
        ("Sam", "How do you plan today?", 0, 3),
        ("Kim", "With Excel.", 3, 5),
        ("Sam", "Shall we book a demo next Tuesday at ten? No rush, take your time.", 5, 12),
        ("Kim", "Yes, Tuesday at ten works.", 14.5, 17),
    )
    after = result.call_metrics.after_close[0]
    assert after.utterance == 2 and after.next_speaker == "prospect" and after.next_utterance == 3
    assert after.silence_s == 2.5 and after.words_after == 5 and not after.seller_talked_on
    assert result.call_metrics.ending["state"] == "committed"


def test_a_label_is_timed_within_the_merged_piece_that_holds_it():
    result = analyse(
        ("Sam", "Good morning Kim, this is Sam from Planwise.", 0, 100),
        ("Sam", "Is now a good time?", 130, 133),
        ("Kim", "Yes, go ahead.", 134, 136),
    )
    u = result.utterances[0]
    _, starts, ends = call_clock(result.utterances)
    assert said_at(u, "time_check", starts, ends) >= 130
    assert not result.call_metrics.time_check_early


def test_untimed_calls_are_clocked_by_words():
    segments = (Segment("Sam", "one two three four five"), Segment("Kim", "six seven"))
    result = analyze_transcript(Transcript("u.txt", "text", "test", segments), sellers=["Sam"])
    clock, starts, ends = call_clock(result.utterances)
    assert clock == "words" and starts == [0.0, 2.0] and ends == [2.0, 2.8]


def test_model_spans_do_not_depend_on_the_hash_seed():
    code = (
        "import json; from dealcoach.engine import analyze;"
        f"r = analyze({str(EXAMPLES / 'teams_en_negotiation.docx')!r});"
        "print(json.dumps([[m.pattern_id, m.span] for u in r.utterances for m in u.matches]))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
