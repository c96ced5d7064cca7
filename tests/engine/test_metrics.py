import pytest

from dealcoach.engine.metrics import talk_metrics
from dealcoach.engine.model import Utterance


def u(i, speaker, role, start, end, words):
    return Utterance(
        index=i, speaker=speaker, text="x " * words, start=start, end=end, words=words, role=role
    )


TIMED = [
    u(0, "S", "seller", 0.0, 10.0, 30),
    u(1, "P", "prospect", 11.0, 15.0, 10),
    u(2, "S", "seller", 16.5, 20.0, 8),
    u(3, "P", "prospect", 19.0, 25.0, 12),  # starts before the seller finished
    u(4, "S", "seller", 25.5, 40.0, 40),
]


def test_talk_share_by_seconds_when_timed():
    m = talk_metrics(TIMED)
    assert m.timed and m.duration_s == 40.0
    assert m.sides["seller"].seconds == pytest.approx(28.0)
    assert m.sides["prospect"].seconds == pytest.approx(10.0)
    assert m.sides["seller"].talk_share == pytest.approx(28 / 38)
    assert m.sides["seller"].turns == 3 and m.sides["seller"].words == 78


def test_words_per_minute():
    m = talk_metrics(TIMED)
    seller = next(s for s in m.speakers if s.name == "S")
    assert seller.words_per_minute == pytest.approx(78 / (28 / 60))


def test_longest_seller_monologue_by_seconds():
    assert talk_metrics(TIMED).longest_seller_monologue == {
        "utterance": 4,
        "seconds": 14.5,
        "words": 40,
    }


def test_patience_is_the_median_pause_before_the_seller_answers():
    # 15.0 -> 16.5 is 1.5 s; 25.0 -> 25.5 is 0.5 s
    assert talk_metrics(TIMED).seller_patience_s == pytest.approx(1.0)


def test_an_interruption_counts_as_zero_patience():
    turns = [u(0, "P", "prospect", 0.0, 5.0, 10), u(1, "S", "seller", 4.0, 6.0, 5)]
    assert talk_metrics(turns).seller_patience_s == 0.0


def test_overlaps_are_turns_that_start_before_the_previous_ended():
    assert talk_metrics(TIMED).overlaps == [3]


def test_untimed_calls_share_by_words():
    turns = [u(0, "S", "seller", None, None, 30), u(1, "P", "prospect", None, None, 10)]
    m = talk_metrics(turns)
    assert not m.timed and m.duration_s is None and m.seller_patience_s is None
    assert m.sides["seller"].talk_share == pytest.approx(0.75)
    assert m.longest_seller_monologue == {"utterance": 0, "seconds": None, "words": 30}
    assert m.to_dict()["share_basis"] == "words"


def test_a_call_without_seller_turns_has_no_monologue():
    assert talk_metrics([u(0, "P", "prospect", 0, 1, 3)]).longest_seller_monologue is None
