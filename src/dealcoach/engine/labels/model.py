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
from dataclasses import dataclass, field
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
    # feature -> [(label number, weight)]: one look-up per feature for all labels at once
    merged: dict[str, tuple[tuple[int, float], ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        merged: dict[str, list[tuple[int, float]]] = {}
        for n, lw in enumerate(self.labels.values()):
            for feature, weight in lw.weights.items():
                merged.setdefault(feature, []).append((n, weight))
        self.merged.update({f: tuple(pairs) for f, pairs in merged.items()})

    def scores(self, features: Iterable[str]) -> dict[str, float]:
        z = [lw.bias for lw in self.labels.values()]
        merged = self.merged
        for feature in merged.keys() & set(features):  # most words carry no weight
            for n, weight in merged[feature]:
                z[n] += weight
        return {
            label: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))
            for label, value in zip(self.labels, z, strict=True)
        }

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
