import json
import subprocess
import sys

import jsonschema
import pytest
from click.testing import CliRunner

from dealcoach import __version__
from dealcoach.cli import main
from dealcoach.engine.report import schema
from tests.conftest import EXAMPLES

CALL = """\
[00:00:01] Sanne Visser: Goedemorgen Piet, met Sanne van Planwise. Kom ik gelegen?
[00:00:05] Piet Jansen: Ja hoor, zegt u het maar.
[00:00:08] Sanne Visser: Hoe plannen jullie nu de diensten?
[00:00:12] Piet Jansen: In Excel, eerlijk gezegd.
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_json_of_one_file_is_one_object_that_fits_the_schema(write):
    path = write("call.txt", CALL)
    result = run("analyze", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    jsonschema.validate(doc, schema())
    assert doc["source"] == str(path)
    assert doc["format"] == "text" and doc["dialect"] == "bracket_ts"
    assert doc["language"]["code"] == "nl"
    assert doc["roles"]["sellers"] == ["Sanne Visser"]
    assert [u["speaker"] for u in doc["utterances"]] == ["Sanne Visser", "Piet Jansen"] * 2
    assert doc["utterances"][0]["start"] == 1.0
    assert doc["outcome"] == "open"
    assert [f["rule"] for f in doc["findings"]] == ["open_ending", "time_checked"]
    assert doc["utterances"][0]["labels"] == ["question", "time_check"]
    match = doc["utterances"][0]["matches"][1]
    text = doc["utterances"][0]["text"]
    assert match["label"] == "time_check"
    assert text[match["span"][0] : match["span"][1]].lower() == "kom ik gelegen"


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.suffix != ".md"))
def test_every_example_gives_valid_json(example):
    result = run("analyze", str(EXAMPLES / example), "--format", "json")
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads(result.output), schema())


def test_the_seller_option(write):
    path = write("call.txt", CALL)
    doc = json.loads(run("analyze", str(path), "--format", "json", "--seller", "PIET").output)
    assert doc["roles"] == {
        "sellers": ["Piet Jansen"],
        "role_source": "given",
        "reason": "named with --seller",
    }


def test_forced_language(write):
    doc = json.loads(
        run("analyze", str(write("c.txt", CALL)), "--format", "json", "--lang", "en").output
    )
    assert doc["language"] == {"code": "en", "variant": None, "confidence": 1.0, "source": "forced"}


def test_it_reports_an_empty_file(write):
    path = write("call.vtt", "")
    result = run("analyze", str(path))
    assert result.exit_code == 1
    assert f"Error: {path}: the transcript is empty" in result.output


def test_it_reports_a_missing_file(tmp_path):
    result = run("analyze", str(tmp_path / "nope.vtt"))
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'nope.vtt'}: no such file" in result.output


def test_a_batch_goes_on_after_a_failure_and_says_how_many_failed(write, tmp_path):
    write("a.txt", CALL)
    write("b.vtt", "WEBVTT\n")
    write("c.txt", CALL.replace("Sanne", "Eva"))
    out = tmp_path / "out.jsonl"
    result = run("analyze", str(tmp_path), "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 1
    assert "b.vtt: no speech found" in result.output
    assert "2 of 3 files analysed, 1 failed" in result.output
    lines = out.read_text().splitlines()
    assert [json.loads(line)["source"].rsplit("/", 1)[1] for line in lines] == ["a.txt", "c.txt"]


def test_jobs_keep_input_order(write, tmp_path):
    for n in range(6):
        write(f"call{n}.txt", CALL.replace("Piet", f"Piet{n}"))
    result = run("analyze", str(tmp_path), "--format", "jsonl", "--jobs", "2")
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [d["source"].rsplit("/", 1)[1] for d in docs] == [f"call{n}.txt" for n in range(6)]


def test_text_output_reads_well_in_a_pipe(write):
    result = run("analyze", str(write("call.txt", CALL)))
    assert result.exit_code == 0
    assert "Sanne Visser" in result.output and "spreektijd verkoper" in result.output
    assert result.output.index("Uitkomst: open") < result.output.index("Het gesprek eindigde open")
    assert "\x1b[" not in result.output
    assert "0.2.0" in result.output  # the version of the method that judged the call


def test_markup_in_a_transcript_is_printed_as_text(write):
    path = write("call.txt", "Jan: hallo [red]daar[/red], kom ik gelegen?\nPiet: [bold]ja[/bold]\n")
    result = run("analyze", str(path), "--format", "text")
    assert result.exit_code == 0
    assert "[red]daar[/red]" in result.output


def test_schema_command_prints_the_schema():
    result = run("schema")
    assert json.loads(result.output)["title"] == "dealcoach analysis"


def test_the_real_command_in_a_subprocess(write):
    path = write("call.txt", CALL)
    proc = subprocess.run(
        [sys.executable, "-m", "dealcoach", "analyze", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["roles"]["sellers"] == ["Sanne Visser"]


def test_a_subprocess_error_is_one_line_without_traceback(write):
    path = write("bin.txt", bytes(range(256)) * 4)
    proc = subprocess.run(
        [sys.executable, "-m", "dealcoach", "analyze", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"Error: {path}: binary data, not a text transcript"


def test_a_batch_in_which_every_file_fails_keeps_the_old_output(tmp_path):
    out = tmp_path / "report.html"
    out.write_text("yesterday's report", "utf-8")
    bad = [tmp_path / "a.vtt", tmp_path / "b.vtt"]
    for path in bad:
        path.write_text("", "utf-8")
    result = run("analyze", *map(str, bad), "--format", "html", "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text("utf-8") == "yesterday's report"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report")]


def test_control_characters_never_reach_the_terminal(write):
    lines = ["Jan: hallo daar, hoe gaat het met de planning bij jullie?", "Piet: ja hoor, goed"] * 8
    lines[3] = "Piet: ja \x1b[31mrood\x1b[0m en dat was het"
    path = write("call.txt", "\n".join(lines) + "\n")
    for fmt in ("text", "markdown", "json"):
        result = run("analyze", str(path), "--format", fmt)
        assert result.exit_code == 0
        assert "\x1b" not in result.output and "\x07" not in result.output


# What examples/README.md says of each bundled call's ending.
EXAMPLE_OUTCOMES = {
    "call_nl_flemish_timestamps.txt": "open",  # the seller will call the director on Monday
    "srt_nl_cold_call.srt": "rejected",  # a polite rejection
    "teams_en_negotiation.docx": "agreed",  # the revised order form, a review call
    "whisperx_en_discovery.json": "open",  # "send me something"
    "zoom_en_demo_followup.vtt": "agreed",  # a pilot scoping workshop
}


@pytest.mark.parametrize("example", sorted(EXAMPLE_OUTCOMES))
def test_every_example_ends_as_its_readme_says(example, tmp_path):
    out = tmp_path / "a.json"
    result = run("analyze", str(EXAMPLES / example), "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["outcome"] == EXAMPLE_OUTCOMES[example]


def test_a_one_speaker_transcript_says_why_it_has_no_findings(write):
    whisper = (
        '{"task": "transcribe", "segments": ['
        '{"start": 0.0, "end": 2.0, "text": " Hi Dave, is now a good time?"},'
        '{"start": 2.5, "end": 4.0, "text": " Sure, go ahead."}]}'
    )
    result = run("analyze", str(write("call.json", whisper)))
    assert result.exit_code == 0
    assert "one speaker" in result.output and "No findings." not in result.output
