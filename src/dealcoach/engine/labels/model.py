"""A small shipped model that hears what the patterns miss: one logistic regression per label.

It reads the words of a turn (and word pairs), the words of the turn it answers and of the reply
to it, who says it, whether it has a question mark, where it stands in the call, and which labels
the other side's turns it answers carry (the shipped model is trained without the turn's own
pattern labels, so it keeps its meaning when a team edits the patterns). It can only add labels
the patterns did not give, and it names itself as the source with the words that weighed most.
It is trained reproducibly by ``scripts/train_label_model.py`` on the project's own corpus (dev
and train splits, never test); nothing is downloaded.
"""

from __future__ import annotations

import base64
import gzip
import json
import math
import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from operator import itemgetter
from pathlib import Path

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
KIND_MIN_PROBABILITY = 0.5  # below this the step is "a next step", not a guessed kind


def _weigh(weights: array, known: list[int]) -> float:
    """The sum of the weights at ``known`` (one C-level gather, then one sum)."""
    if len(known) > 1:
        return sum(itemgetter(*known)(weights))
    return weights[known[0]] if known else 0.0


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class LabelWeights:
    bias: float
    threshold: float  # the model adds the label at or above this probability
    weights: array  # float32, one per feature of the model's vocabulary
    # below this probability the model overrules the patterns' label (0: it never does)
    veto: float = 0.0


@dataclass(frozen=True, slots=True)
class LabelModel:
    """Weights over one shared vocabulary: a feature's number, then one column per label."""

    version: str
    vocabulary: dict[str, int]
    labels: dict[str, LabelWeights]
    kinds: dict[str, LabelWeights]  # the kind of an agreed next step (demo, pilot, ...)
    # the vocabulary split by family ("w", "p", "b", ...) and keyed without the prefix, so a
    # turn's words are looked up as they are, without building a feature name for each
    families: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def vetoing(self) -> frozenset[str]:
        """The labels whose pattern hits the model may overrule (``veto`` above 0)."""
        return frozenset(label for label, lw in self.labels.items() if lw.veto > 0)

    def __post_init__(self) -> None:
        if not self.families:
            for name, number in self.vocabulary.items():
                family, _, rest = name.partition(":")
                self.families.setdefault(family, {})[rest] = number

    def turn_known(
        self,
        tokens: list[str],
        previous: list[str],
        head: list[str],
        reply: list[str] = (),
    ) -> list[int]:
        """``known(features(...))`` without naming each feature: the same numbers, counted the
        same way. ``head`` holds the few named features (role, position, labels, patterns)."""
        get = self.vocabulary.get
        known = [i for f in head if (i := get(f)) is not None]
        families = self.families
        for family, items in (("p", set(previous)), ("x", set(reply)), ("w", set(tokens))):
            lookup = families.get(family)
            if lookup:
                known += [i for i in map(lookup.get, items) if i is not None]
        lookup = families.get("b")
        if lookup and len(tokens) > 1:
            joined = map("_".join, pairwise(tokens))
            known += [i for i in map(lookup.get, joined) if i is not None]
        return known

    def probability(self, label: str, known: list[int]) -> float:
        """P(label) from the vocabulary numbers of a turn's features (see ``known``)."""
        lw = self.labels[label]
        return _sigmoid(lw.bias + _weigh(lw.weights, known))

    def known(self, features: Iterable[str]) -> list[int]:
        """The vocabulary numbers of the features that carry weight (most words carry none).

        A feature that occurs twice counts twice, as it did in training.
        """
        get = self.vocabulary.get
        return [i for f in features if (i := get(f)) is not None]

    def kind(self, features: Iterable[str]) -> str | None:
        """The most likely kind of the agreed step; None when no kind is likely enough."""
        known = self.known(features)
        best, best_z = None, -math.inf
        for kind, kw in self.kinds.items():
            z = kw.bias + _weigh(kw.weights, known)
            if z > best_z:
                best, best_z = kind, z
        if best is None or _sigmoid(best_z) < KIND_MIN_PROBABILITY:
            return None
        return best

    def strongest(self, label: str, features: Iterable[str]) -> str | None:
        """The word feature that pushed hardest towards ``label``: the model's explanation.

        Ties go to the feature that sorts first, so the same turn always names the same words.
        """
        w, index = self.labels[label].weights, self.vocabulary
        words = sorted(f for f in set(features) if f.startswith(("w:", "b:")) and f in index)
        best = max(words, key=lambda f: w[index[f]], default=None)
        return best if best is not None and w[index[best]] > 0 else None


def words(lower: str) -> list[str]:
    return _WORD.findall(lower.replace("’", "'"))


def features(
    lower: str,
    role: str,
    rule_labels: Iterable[str],
    context: Iterable[str],
    position: str,
    previous: str = "",
    patterns: Iterable[str] = (),
    reply: str = "",
) -> list[str]:
    """The model's view of one turn, as feature names; ``previous`` is the turn it answers and
    ``reply`` the other side's answer to it (a proposal shows in the "yes, let's" after it)."""
    tokens = words(lower)
    out = head_features(lower, role, len(tokens), rule_labels, context, position, patterns)
    # sorted, so the training sums in the same order whatever the hash seed (same bytes out)
    out.extend(sorted({f"p:{tok}" for tok in words(previous)}))
    out.extend(sorted({f"x:{tok}" for tok in words(reply)}))
    out.extend(sorted({f"w:{tok}" for tok in tokens}))
    for a, b in pairwise(tokens):
        out.append(f"b:{a}_{b}")
    return out


def head_features(
    lower: str,
    role: str,
    length: int,
    rule_labels: Iterable[str],
    context: Iterable[str],
    position: str,
    patterns: Iterable[str] = (),
) -> list[str]:
    """The named features of a turn: everything but its words and the words it answers."""
    out = [f"r:{role}", f"pos:{position}", f"len:{_bucket(length)}"]
    if "?" in lower:
        out.append("q:mark")
        out.append(f"q:{position}")
    out.extend(f"rule:{label}" for label in sorted(rule_labels))
    out.extend(f"pid:{pid}" for pid in patterns)
    ctx = sorted(context)
    out.extend(f"prev:{label}" for label in ctx)
    if not ctx:
        out.append("prev:none")
    return out


def kind_features(turns: Iterable[tuple[str, bool]], rule_kind: str | None) -> list[str]:
    """Words of the turns that proposed, confirmed or accepted a step (``near`` the agreed one
    counts twice), and the kind the playbook's patterns found."""
    out: set[str] = set()
    for lower, near in turns:
        for tok in words(lower):
            out.add(f"w:{tok}")
            if near:
                out.add(f"n:{tok}")
    if rule_kind:
        out.add(f"rx:{rule_kind}")
    return sorted(out)


def _bucket(n: int) -> str:
    return "1-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+"


MODEL_FILE = "label_model.json.gz"


def load_model(path: str | Path) -> LabelModel:
    raw = Path(path).read_bytes()
    return from_bytes(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)


@cache
def default_model() -> LabelModel | None:
    entry = resources.files("dealcoach").joinpath("data", MODEL_FILE)
    try:
        return from_bytes(gzip.decompress(entry.read_bytes()))
    except FileNotFoundError:
        return None


def to_bytes(version: str, labels: dict[str, dict], meta: dict) -> bytes:
    """The file: JSON with the vocabulary and, per label, bias, threshold and float32 weights."""
    vocabulary = sorted({f for v in labels.values() for f in v["weights"]})
    index = {f: n for n, f in enumerate(vocabulary)}
    columns = {}
    for label, v in labels.items():
        column = array("f", bytes(4 * len(vocabulary)))
        for feature, weight in v["weights"].items():
            column[index[feature]] = weight
        if sys.byteorder != "little":
            column.byteswap()
        columns[label] = {
            "bias": v["bias"],
            "threshold": v["threshold"],
            **({"veto": v["veto"]} if v.get("veto") else {}),
            "weights": base64.b64encode(column.tobytes()).decode("ascii"),
        }
    doc = {"version": version, "vocabulary": "\n".join(vocabulary), "labels": columns, **meta}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def from_bytes(raw: bytes) -> LabelModel:
    data = json.loads(raw.decode("utf-8"))
    vocabulary = data["vocabulary"].split("\n")
    labels, kinds = {}, {}
    for label, v in data["labels"].items():
        column = array("f")
        column.frombytes(base64.b64decode(v["weights"]))
        if sys.byteorder != "little":
            column.byteswap()
        weights = LabelWeights(
            float(v["bias"]), float(v["threshold"]), column, float(v.get("veto", 0.0))
        )
        if label.startswith("kind."):
            kinds[label.removeprefix("kind.")] = weights
        else:
            labels[label] = weights
    index = {f: n for n, f in enumerate(vocabulary)}
    return LabelModel(str(data["version"]), index, labels, kinds)
