import pytest

from dealcoach.engine.language import detect_language, forced_language

CASES = [
    ("goedemorgen ik bel even namens planwise kom ik gelegen of bel ik beter straks terug", "nl"),
    ("ja nee dat klopt wij hebben dat nu eigenlijk gewoon in excel staan", "nl"),
    ("allee ge hebt gelijk maar da's seffens wel ambetant voor ons", "nl"),
    ("hi this is tom from acme do you have a couple of minutes right now", "en"),
    ("yeah no we we actually looked at that last year and it was kind of expensive", "en"),
]


@pytest.mark.parametrize("text,code", CASES)
def test_it_detects_the_language_of_short_lowercase_speech(text, code):
    assert detect_language(text).code == code


def test_it_recognises_flemish():
    guess = detect_language("allee gij zijt seffens terug hé, hebt ge goesting om da te bekijken")
    assert (guess.code, guess.variant) == ("nl", "nl-BE")


def test_netherlands_dutch_is_not_flemish():
    assert (
        detect_language(
            "nou, ik weet het niet, dat moet ik even met mijn directeur bespreken"
        ).variant
        == "nl-NL"
    )


def test_confidence_grows_with_evidence():
    short = detect_language("ja dat klopt")
    long = detect_language(
        "ja dat klopt, want wij hebben dat nu eigenlijk gewoon niet goed geregeld " * 5
    )
    assert 0.5 <= short.confidence < long.confidence <= 1.0


def test_text_without_known_words_is_a_coin_toss():
    assert detect_language("xyzzy plugh").confidence == 0.5


def test_a_forced_language_is_certain_and_checked():
    assert forced_language("nl").confidence == 1.0
    with pytest.raises(ValueError, match="choose from nl, en"):
        forced_language("de")
