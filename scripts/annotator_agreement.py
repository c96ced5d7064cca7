"""How far two people agree on the labels: the corpus's labels against a second annotator's.

    python scripts/annotator_agreement.py            # dev and test
    python scripts/annotator_agreement.py --split test

`eval/agreement/<split>_<language>.jsonl` holds, per conversation, the labels a second annotator
gave every utterance, blind (given only labels.md and the product brief, never the corpus labels
or the patterns). Scored like the labeller, with the corpus as the reference, it says how much of
a label's F1 is the label's own vagueness: the ceiling any labeller can be held to.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from dealcoach.engine.evaluate import CorpusError, load_corpus
from dealcoach.engine.playbook import LABELS

ROOT = Path(__file__).resolve().parent.parent


def second_labels(split: str) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for path in sorted((ROOT / "eval" / "agreement").glob(f"{split}_*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                item = json.loads(line)
                out[item["id"]] = item["labels"]
            except (ValueError, KeyError, TypeError) as exc:
                raise SystemExit(
                    f"{path}: line {n} is not a labelled conversation ({exc})"
                ) from None
    return out


def agreement(split: str) -> None:
    second = second_labels(split)
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    calls = 0
    for conv in load_corpus(ROOT / "eval" / "corpus", split):
        if conv["id"] not in second:
            continue
        calls += 1
        theirs = second[conv["id"]]
        if len(theirs) != len(conv["utterances"]):
            raise SystemExit(
                f"{conv['id']}: {len(theirs)} labelled turns, corpus has {len(conv['utterances'])}"
            )
        for utterance, labels in zip(conv["utterances"], theirs, strict=True):
            ours, other = set(utterance["labels"]), set(labels)
            for label in LABELS:
                tp[label] += label in ours and label in other
                fp[label] += label in other and label not in ours
                fn[label] += label in ours and label not in other
    print(f"{split}: {calls} conversations, second annotator against the corpus labels")
    print(f"  {'label':20s} {'F1':>6s} {'P':>6s} {'R':>6s} {'corpus':>7s}")
    scores = []
    for label in LABELS:
        p = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        r = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        scores.append(f)
        print(f"  {label:20s} {f:6.3f} {p:6.3f} {r:6.3f} {tp[label] + fn[label]:7d}")
    print(f"  {'macro-F1':20s} {sum(scores) / len(scores):6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), action="append")
    try:
        for split in parser.parse_args().split or ["dev", "test"]:
            agreement(split)
    except (CorpusError, OSError, ValueError, KeyError) as exc:
        raise SystemExit(f"annotator_agreement: {exc}") from None


if __name__ == "__main__":
    main()
