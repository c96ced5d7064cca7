"""A small shipped model that hears what the patterns miss: one logistic regression per label.

It reads the words of a turn (and word pairs), who says it, whether it has a question mark, where
it stands in the call, which labels the patterns gave it, and which labels the other side's turns
it answers carry. It can only add labels the patterns did not give, and it names itself as the
source with the words that weighed most. It is trained reproducibly by
``scripts/train_label_model.py`` on the project's own corpus (dev and train splits, never test);
nothing is downloaded.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


@dataclass(frozen=True, slots=True)
class LabelWeights:
    bias: float
    threshold: float
    weights: dict[str, float]


@dataclass(frozen=True, slots=True)
class LabelModel:
    version: str
    labels: dict[str, LabelWeights]

    def scores(self, features: Iterable[str]) -> dict[str, float]:
        feats = list(features)
        out = {}
        for label, lw in self.labels.items():
            z = lw.bias + sum(lw.weights.get(f, 0.0) for f in feats)
            out[label] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return out

    def strongest(self, label: str, features: Iterable[str]) -> str | None:
        """The word feature that pushed hardest towards ``label``: the model's explanation."""
        weights = self.labels[label].weights
        words = [f for f in features if f.startswith(("w:", "b:")) and weights.get(f, 0.0) > 0]
        return max(words, key=lambda f: weights[f], default=None)


def words(lower: str) -> list[str]:
    return _WORD.findall(lower.replace("’", "'"))


def features(
    lower: str, role: str, rule_labels: Iterable[str], context: Iterable[str], position: str
) -> list[str]:
    """The model's view of one turn, as feature names."""
    tokens = words(lower)
    out = [f"r:{role}", f"pos:{position}", f"len:{_bucket(len(tokens))}"]
    if "?" in lower:
        out.append("q:mark")
    seen = set()
    for tok in tokens:
        if tok not in seen:
            seen.add(tok)
            out.append(f"w:{tok}")
            out.append(f"rw:{role}:{tok}")
    for a, b in pairwise(tokens):
        out.append(f"b:{a}_{b}")
    out.extend(f"rule:{label}" for label in rule_labels)
    ctx = list(context)
    out.extend(f"prev:{label}" for label in ctx)
    if not ctx:
        out.append("prev:none")
    return out


def _bucket(n: int) -> str:
    return "1-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+"


def load_model(path: str | Path) -> LabelModel:
    data = json.loads(Path(path).read_text("utf-8"))
    return _from_dict(data)


@cache
def default_model() -> LabelModel | None:
    entry = resources.files("dealcoach").joinpath("data", "label_model.json")
    try:
        return _from_dict(json.loads(entry.read_text("utf-8")))
    except FileNotFoundError:
        return None


def _from_dict(data: dict) -> LabelModel:
    return LabelModel(
        version=str(data["version"]),
        labels={
            label: LabelWeights(float(v["bias"]), float(v["threshold"]), dict(v["weights"]))
            for label, v in data["labels"].items()
        },
    )
