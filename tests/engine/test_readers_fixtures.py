"""Every fixture in tests/data, shaped like a real export, read as tests/data/expected.json says.

The fixtures and expected.json were written apart from the readers, from the tools' real output
shapes (tests/data/README.md names each source), so these tests hold the readers to reality.
"""

import json

import pytest

from dealcoach.engine.errors import TranscriptError
from dealcoach.engine.readers import read_bytes, read_transcript
from dealcoach.engine.turns import UNKNOWN_SPEAKER, build_utterances
from tests.conftest import DATA

EXPECTED = {
    k: v
    for k, v in json.loads((DATA / "expected.json").read_text()).items()
    if not k.startswith("_")
}
GOOD = sorted(k for k, v in EXPECTED.items() if "error" not in v)
BROKEN = sorted(k for k, v in EXPECTED.items() if "error" in v)


def read(name):
    transcript = read_transcript(DATA / name)
    return transcript, build_utterances(transcript)


@pytest.mark.parametrize("name", GOOD)
def test_format_and_dialect(name):
    transcript, _ = read(name)
    assert (transcript.format, transcript.dialect) == (
        EXPECTED[name]["format"],
        EXPECTED[name]["dialect"],
    )


@pytest.mark.parametrize("name", GOOD)
def test_speakers_and_turns(name):
    expected = EXPECTED[name]
    _, turns = read(name)
    named = [s for s in dict.fromkeys(t.speaker for t in turns) if s != UNKNOWN_SPEAKER]
    assert named == (expected["speakers"] or [])
    assert len(turns) == expected["utterances"]


@pytest.mark.parametrize("name", GOOD)
def test_first_and_last_turn(name):
    expected = EXPECTED[name]
    _, turns = read(name)
    first, last = turns[0], turns[-1]
    if expected["first"]["speaker"]:
        assert first.speaker == expected["first"]["speaker"]
        assert last.speaker == expected["last"]["speaker"]
    assert first.text.startswith(expected["first"]["text_startswith"])
    assert last.text.endswith(expected["last"]["text_endswith"])


@pytest.mark.parametrize("name", GOOD)
def test_times(name):
    expected = EXPECTED[name]
    _, turns = read(name)
    timed = all(t.start is not None for t in turns)
    assert timed == expected["timed"]
    if expected["first"]["start"] is not None:
        assert turns[0].start == pytest.approx(expected["first"]["start"], abs=0.001)
    if expected["last"]["end"] is not None:
        assert turns[-1].end == pytest.approx(expected["last"]["end"], abs=0.001)
    elif timed:  # the format gives no end: estimated, but never before the start
        assert turns[-1].end >= turns[-1].start


@pytest.mark.parametrize("name", BROKEN)
def test_broken_files_get_one_clear_error_naming_the_file(name):
    with pytest.raises(TranscriptError) as info:
        read_transcript(DATA / name)
    message = str(info.value)
    assert message.startswith(f"{DATA / name}: ")
    assert "\n" not in message and "Traceback" not in message


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.vtt"
    path.write_text("WEBVTT\n\n" + "00:00:01.000 --> 00:00:02.000\n<v A>hallo</v>\n\n" * 2000)
    with pytest.raises(
        TranscriptError, match=r"huge.vtt: file too large \(0\.1 MB; the limit is 0 MB\)"
    ):
        read_transcript(path, max_bytes=50_000)


def test_a_directory_is_not_a_transcript(tmp_path):
    with pytest.raises(TranscriptError, match="is a directory"):
        read_transcript(tmp_path)


def test_a_json_file_cut_off_says_so():
    cut = b'{"segments": [{"start": 0, "end": 1, "text": "hello th'
    with pytest.raises(TranscriptError, match=r"unterminated string \(the file looks cut off\)"):
        read_bytes("cut.json", cut, suffix=".json")
    with pytest.raises(TranscriptError) as info:
        read_bytes("bad.json", b'{"a": 1,, }', suffix=".json")
    assert "cut off" not in str(info.value) and "line 1, column 9" in str(info.value)
