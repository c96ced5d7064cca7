"""The team summary at the end of a batch: what a manager reads across fifty calls."""

from __future__ import annotations

from collections import Counter

OUTCOME_ORDER = ("agreed", "rejected", "open")


def team_summary(documents: list[dict], failed: list[str] | None = None) -> dict:
    """Outcomes, open-ending rate, mean talk share, questions per call, recurring findings, and
    the files that could not be analysed (so a manager does not read 4 calls as all of them)."""
    n = len(documents)
    outcomes = Counter(d["outcome"] for d in documents)
    fired: Counter[str] = Counter()
    severity: dict[str, str] = {}
    per_call = []
    for d in documents:
        rules = {f["rule"] for f in d["findings"]}
        fired.update(rules)
        for f in d["findings"]:
            severity[f["rule"]] = f["severity"]
        conv = d["metrics"]["conversation"]
        counts = Counter(f["severity"] for f in d["findings"])
        per_call.append(
            {
                "source": d["source"],
                "sellers": list(d["roles"]["sellers"]),
                "outcome": d["outcome"],
                "seller_share": d["metrics"]["sides"]["seller"]["talk_share"],
                "questions": conv["questions"]["seller"],
                "closing_questions": len(conv["closing_questions"]),
                "critical": counts["critical"],
                "warning": counts["warning"],
                "rules": sorted(rules),
            }
        )
    open_endings = sum(1 for c in per_call if c["outcome"] == "open")
    return {
        "calls": n,
        "outcomes": {k: outcomes.get(k, 0) for k in OUTCOME_ORDER},
        "open_ending_rate": open_endings / n if n else 0.0,
        "mean_seller_share": sum(c["seller_share"] for c in per_call) / n if n else 0.0,
        "questions_per_call": sum(c["questions"] for c in per_call) / n if n else 0.0,
        "closing_questions_per_call": (
            sum(c["closing_questions"] for c in per_call) / n if n else 0.0
        ),
        "recurring_findings": [
            {"rule": rule, "severity": severity[rule], "calls": count}
            for rule, count in fired.most_common()
            if severity[rule] != "good"
        ][:10],
        "per_call": per_call,
        "failed": list(failed or []),
    }
