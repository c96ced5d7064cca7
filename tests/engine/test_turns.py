import pytest

from dealcoach.engine.model import Segment, Transcript
from dealcoach.engine.readers import read_transcript
from dealcoach.engine.turns import UNKNOWN_SPEAKER, build_utterances


def transcript(*segments: Segment) -> Transcript:
    return Transcript("t", "text", "colon", segments)


def test_it_merges_consecutive_pieces_of_one_speaker():
    turns = build_utterances(
        transcript(
            Segment("Jan", "Goedemorgen.", 0.0, 1.0),
            Segment("Jan", "Kom ik gelegen?", 1.2, 2.5),
            Segment("Piet", "Ja hoor.", 3.0, 3.6),
        )
    )
    assert [(t.speaker, t.text, t.start, t.end) for t in turns] == [
        ("Jan", "Goedemorgen. Kom ik gelegen?", 0.0, 2.5),
        ("Piet", "Ja hoor.", 3.0, 3.6),
    ]
    assert [t.index for t in turns] == [0, 1]
    assert turns[0].words == 4


def test_a_piece_without_speaker_continues_the_previous_turn():
    turns = build_utterances(transcript(Segment("Jan", "Eerst dit"), Segment(None, "en dan dat")))
    assert [(t.speaker, t.text) for t in turns] == [("Jan", "Eerst dit en dan dat")]


def test_a_file_without_speakers_is_one_unknown_speaker():
    turns = build_utterances(transcript(Segment(None, "hallo"), Segment(None, "daar")))
    assert [t.speaker for t in turns] == [UNKNOWN_SPEAKER]


def test_untimed_stays_untimed():
    turns = build_utterances(transcript(Segment("A", "een twee"), Segment("B", "drie")))
    assert all(t.start is None and t.end is None for t in turns)


def test_missing_starts_are_interpolated_between_known_ones():
    turns = build_utterances(
        transcript(
            Segment("A", "een twee drie vier", 10.0),
            Segment("B", "vijf zes zeven acht"),
            Segment("A", "negen", 20.0),
        )
    )
    assert turns[1].start == 15.0
    assert turns[0].end == 11.6  # four words at 150 a minute, before the next start
    assert turns[2].end == 20.4


def test_punctuation_is_not_a_word():
    turns = build_utterances(transcript(Segment("A", "Nou - eh ... ja!")))
    assert turns[0].words == 3


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("Lee, Sam: Is now a good time?", "Lee, Sam"),
        ("Sam Lee [EXT]: Is now a good time?", "Sam Lee"),
        ("[EXT] Sam Lee: Is now a good time?", "Sam Lee"),
        ("Sam Lee - Acme: Is now a good time?", "Sam Lee - Acme"),
        ("Sam Lee | Acme: Is now a good time?", "Sam Lee | Acme"),
        ("sam.lee@acme.com: Is now a good time?", "sam.lee@acme.com"),
    ],
)
def test_speaker_names_as_corporate_tools_write_them(write, line, speaker):
    path = write("call.txt", f"{line}\nKim Park: Yes, go ahead.\n")
    assert [u.speaker for u in build_utterances(read_transcript(path))] == [speaker, "Kim Park"]


def test_a_teams_guest_tag_inside_a_voice_span(write):
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Sam Lee [EXT]>Is now a good time?</v>\n\n"
        "00:00:04.000 --> 00:00:06.000\n<v Kim Park>Yes.</v>\n"
    )
    speakers = [u.speaker for u in build_utterances(read_transcript(write("c.vtt", vtt)))]
    assert speakers == ["Sam Lee", "Kim Park"]
