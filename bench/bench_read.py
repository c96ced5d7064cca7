"""Reading and talk-metrics throughput per format, and a batch through the real command.

    python bench/bench_read.py            # per-format figures (median of many runs)
    python bench/bench_read.py --batch    # plus 1,000 calls with --jobs 1 and --jobs 2

Figures are printed; nothing here is asserted. Run on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from dealcoach.engine import analyze

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


def per_format(runs: int) -> None:
    print(f"{'file':42} {'KB':>7} {'turns':>6} {'ms':>8} {'MB/s':>7} {'us/turn':>8}")
    for path in EXAMPLES:
        size = path.stat().st_size
        turns = len(analyze(path).utterances)
        seconds = median_seconds(lambda p=path: analyze(p), runs)
        print(
            f"{path.name:42} {size / 1024:7.1f} {turns:6d} {seconds * 1000:8.2f} "
            f"{size / seconds / 1e6:7.2f} {seconds / turns * 1e6:8.1f}"
        )
    tracemalloc.start()
    analyze(HOUR)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python memory for the one-hour call: {peak / 1e6:.1f} MB")


def scaling(runs: int) -> None:
    """Cost against input size: the hour-long call cut to 1/4, 1/2, 1 and repeated 2x, 4x."""
    text = HOUR.read_text("utf-8")
    header, body = text.split("\n\n", 1)
    cues = body.strip().split("\n\n")
    print(f"{'cues':>6} {'ms':>8} {'us/cue':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (0.25, 0.5, 1, 2, 4):
            count = int(len(cues) * factor)
            chosen = (cues * 4)[:count]
            path = Path(tmp) / f"scale{factor}.vtt"
            path.write_text(header + "\n\n" + "\n\n".join(chosen) + "\n", "utf-8")
            seconds = median_seconds(lambda p=path: analyze(p), max(5, runs // 4))
            print(f"{count:6d} {seconds * 1000:8.2f} {seconds / count * 1e6:8.1f}")


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
    scaling(args.runs)
    if args.batch:
        batch(args.count)


if __name__ == "__main__":
    main()
