"""The whole analysis (read, labels, outcome, metrics, findings, JSON report) per file, stage by
stage on the one-hour call, against input size, and a batch through the real command.

    python bench/bench_analyze.py            # per-format figures and stages (median of many runs)
    python bench/bench_analyze.py --batch    # plus 1,000 calls with --jobs 1 and --jobs 2

Figures are printed; nothing here is asserted. Run on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from dealcoach.engine import analyze, analyze_transcript
from dealcoach.engine.call_metrics import call_metrics
from dealcoach.engine.findings import Call, find
from dealcoach.engine.labels import label_utterances
from dealcoach.engine.labels import prefilter as prefilter_module
from dealcoach.engine.labels.model import default_model
from dealcoach.engine.language import detect_language
from dealcoach.engine.metrics import talk_metrics
from dealcoach.engine.outcome import call_outcome, next_step
from dealcoach.engine.playbook import default_playbook, patterns_only
from dealcoach.engine.readers import read_transcript
from dealcoach.engine.report import analysis_document
from dealcoach.engine.roles import assign_roles
from dealcoach.engine.turns import build_utterances

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix != ".md")
HOUR = ROOT / "examples" / "teams_nl_discovery_hour.vtt"


def median_seconds(fn, runs: int) -> float:
    fn()  # warm caches and compiled patterns
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def whole(path: Path) -> str:
    """The whole job for one file: analysis with findings, then the JSON report."""
    return json.dumps(analysis_document(analyze(path)), ensure_ascii=False)


def per_format(runs: int) -> None:
    print("Whole analysis with findings and the JSON report, per file:")
    print(f"{'file':42} {'KB':>7} {'turns':>6} {'ms':>8} {'MB/s':>7} {'us/turn':>8}")
    for path in EXAMPLES:
        size = path.stat().st_size
        turns = len(analyze(path).utterances)
        seconds = median_seconds(lambda p=path: whole(p), runs)
        print(
            f"{path.name:42} {size / 1024:7.1f} {turns:6d} {seconds * 1000:8.2f} "
            f"{size / seconds / 1e6:7.2f} {seconds / turns * 1e6:8.1f}"
        )
    tracemalloc.start()
    analyze(HOUR)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python memory for the one-hour call: {peak / 1e6:.1f} MB")


def stages(runs: int) -> None:
    """Where the time of the one-hour call goes."""
    playbook = default_playbook()
    rules = playbook.language("nl")
    model = default_model()
    transcript = read_transcript(HOUR)
    utterances = build_utterances(transcript)
    assign_roles(str(HOUR), utterances, rules.roles)
    n = len(utterances)

    def findings() -> None:
        outcome = call_outcome(utterances, rules)
        talk = talk_metrics(utterances)
        metrics = call_metrics(utterances, outcome)
        step = next_step(utterances, outcome, rules, model)
        call = Call(utterances, talk, metrics, outcome, step, rules.phrases, 10, 4.0)
        find(call, playbook, rules)

    def without_prefilter() -> None:
        saved = prefilter_module.re2
        prefilter_module.re2 = None
        rules.compiled.clear()
        try:
            label_utterances(utterances, rules)
        finally:
            prefilter_module.re2 = saved
            rules.compiled.clear()

    analysis = analyze_transcript(transcript)
    steps = [
        ("read the .vtt (955 cues)", lambda: read_transcript(HOUR)),
        ("merge into turns", lambda: build_utterances(transcript)),
        ("language", lambda: detect_language(" ".join(u.text for u in utterances[:400]))),
        ("roles (heuristic)", lambda: assign_roles(str(HOUR), utterances, rules.roles)),
        ("labels: patterns, RE2 prefilter", lambda: label_utterances(utterances, rules)),
        ("labels: patterns, no prefilter", without_prefilter),
        ("labels: patterns + model", lambda: label_utterances(utterances, rules, model)),
        ("outcome, metrics, findings", findings),
        ("JSON report", lambda: json.dumps(analysis_document(analysis), ensure_ascii=False)),
        ("whole job (analyze + JSON)", lambda: whole(HOUR)),
        (
            "analysis without read and JSON, patterns only",
            lambda: analyze_transcript(transcript, playbook=patterns_only(playbook)),
        ),
    ]
    print(f"\nThe one-hour call ({n} turns), stage by stage:")
    print(f"{'stage':36} {'ms':>8} {'us/turn':>8}")
    for name, fn in steps:
        seconds = median_seconds(fn, runs)
        print(f"{name:36} {seconds * 1000:8.2f} {seconds / n * 1e6:8.1f}")


def scaling(runs: int) -> None:
    """Cost against input size: the hour-long call cut to 1/4, 1/2, 1 and repeated 2x, 4x."""
    text = HOUR.read_text("utf-8")
    header, body = text.split("\n\n", 1)
    cues = body.strip().split("\n\n")
    print("\nCost against input size (the one-hour call cut and repeated):")
    print(f"{'cues':>6} {'ms':>8} {'us/cue':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (0.25, 0.5, 1, 2, 4):
            count = int(len(cues) * factor)
            chosen = (cues * 4)[:count]
            path = Path(tmp) / f"scale{factor}.vtt"
            path.write_text(header + "\n\n" + "\n\n".join(chosen) + "\n", "utf-8")
            seconds = median_seconds(lambda p=path: whole(p), max(5, runs // 4))
            print(f"{count:6d} {seconds * 1000:8.2f} {seconds / count * 1e6:8.1f}")


def floors(runs: int) -> None:
    """What the one-hour call costs in passes any design in CPython must make, at the least.

    Not dealcoach's stages: the cheapest form of the work they cannot skip. Their sum against
    the 10 ms budget shows how far pure Python can go.
    """
    raw = HOUR.read_bytes()
    utterances = build_utterances(read_transcript(HOUR))
    lowered = [u.text.lower() for u in utterances]
    speech = "\n".join(lowered)
    word = re.compile(r"[^\W_]+")
    rules = default_playbook().language("nl")
    label_utterances(utterances, rules)  # builds the RE2 set
    prefilter = rules.compiled["prefilter"]
    model = default_model()
    tokens = [word.findall(text) for text in lowered]
    vocabulary = model.families["w"] if model else {}
    passes = [
        ("decode the file", lambda: raw.decode("utf-8")),
        ("split it into cue blocks", lambda: raw.decode("utf-8").split("\n\n")),
        ("lower-case the speech", lambda: [u.text.lower() for u in utterances]),
        ("one regex pass for the words", lambda: word.findall(speech)),
        ("one RE2 set match per turn", lambda: [prefilter.candidates(t) for t in lowered]),
        ("one dict look-up per word", lambda: [list(map(vocabulary.get, t)) for t in tokens]),
        (f"one object per turn ({len(utterances)})", lambda: [dict(t=t) for t in lowered]),
    ]
    print(f"\nFloors: the least work of each kind for the one-hour call ({len(speech)} chars):")
    total = 0.0
    for name, fn in passes:
        seconds = median_seconds(fn, runs)
        total += seconds
        print(f"{name:36} {seconds * 1000:8.2f}")
    print(f"{'sum':36} {total * 1000:8.2f}")


def batch(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(count):
            source = EXAMPLES[n % len(EXAMPLES)]
            shutil.copy(source, Path(tmp) / f"call{n:04d}{source.suffix}")
        for jobs in (1, 2):
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "dealcoach",
                    "analyze",
                    tmp,
                    "--format",
                    "jsonl",
                    "--jobs",
                    str(jobs),
                    "-o",
                    str(Path(tmp) / "out.jsonl.result"),
                ],
                check=True,
                capture_output=True,
            )
            seconds = time.perf_counter() - start
            print(
                f"{count} calls (the six examples in turn), --jobs {jobs}: {seconds:.1f} s "
                f"({seconds / count * 1000:.1f} ms per call, whole command)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--batch", action="store_true")
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    per_format(args.runs)
    stages(args.runs)
    scaling(args.runs)
    floors(args.runs)
    if args.batch:
        batch(args.count)


if __name__ == "__main__":
    main()
