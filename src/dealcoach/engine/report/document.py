"""The public JSON document of one analysis: a contract, published as a JSON Schema."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from dealcoach import __version__

if TYPE_CHECKING:
    from dealcoach.engine import Analysis

SCHEMA_VERSION = "1"


def analysis_document(analysis: Analysis) -> dict:
    """The analysis as plain JSON types, in the shape ``dealcoach schema`` publishes."""
    t = analysis.transcript
    metrics = analysis.metrics
    return {
        "dealcoach_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "source": t.source,
        "format": t.format,
        "dialect": t.dialect,
        "notes": list(t.notes),
        "language": {
            "code": analysis.language.code,
            "variant": analysis.language.variant,
            "confidence": analysis.language.confidence,
            "source": analysis.language.source,
        },
        "roles": {
            "sellers": list(analysis.roles.sellers),
            "role_source": analysis.roles.source,
            "reason": analysis.roles.reason,
        },
        "duration_s": None if metrics.duration_s is None else round(metrics.duration_s, 3),
        "speakers": [s.to_dict() for s in metrics.speakers],
        "utterances": [
            {
                "index": u.index,
                "speaker": u.speaker,
                "role": u.role,
                "start": u.start,
                "end": u.end,
                "words": u.words,
                "text": u.text,
                "labels": list(u.labels),
                "matches": [m.to_dict() for m in u.matches],
                **({"overruled": [m.to_dict() for m in u.overruled]} if u.overruled else {}),
            }
            for u in analysis.utterances
        ],
        "metrics": {**metrics.to_dict(), "conversation": analysis.call_metrics.to_dict()},
        "playbook": {
            "name": analysis.playbook.name,
            "version": analysis.playbook.version,
            "location": analysis.playbook.location,
        },
        "outcome": analysis.outcome,
        "next_step": analysis.next_step,
        "findings": [f.to_dict() for f in analysis.findings],
    }


@cache
def schema() -> dict:
    """The JSON Schema of :func:`analysis_document`'s output."""
    text = resources.files("dealcoach").joinpath("data", "analysis.schema.json").read_text("utf-8")
    return json.loads(text)
