"""A team changes its method without touching code: export, edit, validate, use."""

import json

import pytest
from click.testing import CliRunner

from dealcoach.cli import main
from dealcoach.engine.playbook import PLAYBOOK_FILES
from tests.conftest import EXAMPLES

ZOOM = str(EXAMPLES / "zoom_en_demo_followup.vtt")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "team-playbook"
    result = run("playbook", "export", str(target))
    assert result.exit_code == 0, result.output
    return target


def findings(*args: str) -> dict[str, dict]:
    result = run("analyze", ZOOM, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {f["rule"]: f for f in json.loads(result.output)["findings"]}


def edit(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_export_writes_every_file_and_refuses_a_full_folder(copy):
    assert sorted(str(p.relative_to(copy)) for p in copy.rglob("*.toml")) == sorted(PLAYBOOK_FILES)
    again = run("playbook", "export", str(copy))
    assert again.exit_code == 1 and "exists and is not an empty folder" in again.output


def test_validate_accepts_the_copy(copy):
    result = run("playbook", "validate", str(copy))
    assert result.exit_code == 0 and "valid" in result.output


def test_validate_names_file_place_and_problem(copy):
    edit(copy / "rules.toml", 'severity = "critical"', 'severity = "fatal"')
    edit(copy / "rules.toml", "max_share = 0.65", 'max_share = "lots"')
    edit(copy / "en" / "labels.toml", 'label = "stall"', 'label = "stalling"')
    result = run("playbook", "validate", str(copy))
    assert result.exit_code == 1
    assert "is invalid (3 problems)" in result.output
    assert "rules.toml, rule.open_ending.severity: 'fatal' is not one of" in result.output
    assert (
        "rules.toml, rule.seller_talks_too_much.max_share: 'lots' is not of type" in result.output
    )
    assert (
        "en/labels.toml, pattern[" in result.output and "'stalling' is not one of" in result.output
    )
    assert "Traceback" not in result.output


def test_validate_names_unknown_thresholds_rules_and_figures(copy):
    edit(copy / "rules.toml", "max_share = 0.65", "max_shaer = 0.65")
    edit(copy / "rules.toml", "[rule.balanced_talk]", "[rule.balanced]")
    edit(copy / "nl" / "advice.toml", "{seller_share_pct}%", "{seller_share}%")
    result = run("playbook", "validate", str(copy))
    assert result.exit_code == 1
    assert "rule.seller_talks_too_much: unknown threshold 'max_shaer'" in result.output
    assert "rules.toml, rule.balanced: unknown rule" in result.output
    assert "nl/advice.toml, seller_talks_too_much.message: unknown figure {seller_share}" in (
        result.output
    )


def test_a_team_switches_a_rule_off(copy):
    assert "good_questioning" in findings()
    edit(
        copy / "rules.toml",
        "[rule.good_questioning]\n",
        "[rule.good_questioning]\nenabled = false\n",
    )
    assert "good_questioning" not in findings("--playbook", str(copy))


def test_a_team_changes_a_threshold(copy):
    assert "seller_talks_too_much" not in findings()  # 43% seller talk
    edit(copy / "rules.toml", "max_share = 0.65", "max_share = 0.40")
    found = findings("--playbook", str(copy))
    assert found["seller_talks_too_much"]["evidence"]["metrics"] == {
        "seller_share_pct": 43,
        "max_share_pct": 40,
    }


def test_a_team_rewrites_advice(copy):
    edit(
        copy / "en" / "advice.toml",
        'advice = "Confirm it in writing today',
        'advice = "Log it in the CRM before lunch. Confirm it in writing today',
    )
    found = findings("--playbook", str(copy))
    assert found["next_step_agreed"]["advice"].startswith("Log it in the CRM before lunch.")


def test_the_output_names_the_playbook_and_its_version(copy):
    result = run("analyze", ZOOM, "--format", "json", "--playbook", str(copy))
    playbook = json.loads(result.output)["playbook"]
    assert playbook == {"name": "dealcoach method", "version": "0.2.0", "location": str(copy)}


def test_a_broken_playbook_stops_before_any_file_is_read(copy):
    (copy / "rules.toml").write_text("[rule\n", "utf-8")
    result = run("analyze", ZOOM, "--playbook", str(copy))
    assert result.exit_code == 1 and "rules.toml: not valid TOML" in result.output


def test_show_lists_rules_thresholds_and_sources():
    result = run("playbook", "show", "--format", "json")
    doc = json.loads(result.output)
    rules = {r["rule"]: r for r in doc["rules"]}
    assert rules["seller_talks_too_much"]["thresholds"] == {"max_share": 0.65}
    assert "Gong" in rules["seller_talks_too_much"]["source"]
    assert rules["quick_to_answer"]["enabled"] is False
    text = run("playbook", "show")
    assert text.exit_code == 0 and "open_ending" in text.output


def test_schema_is_published():
    doc = json.loads(run("playbook", "schema").output)
    assert doc["title"] == "dealcoach playbook"


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        ("rules.toml", "max_share = 0.65", "max_share = 65", "is a share between 0 and 1"),
        ("rules.toml", "min_turns = 6", "min_turns = 4.9", "must be a whole number"),
        ("rules.toml", "talk_on_words = 12", "talk_on_words = -1", "must not be negative"),
        (
            "rules.toml",
            'suppressed_by = ["stalling_prospect"]',
            'suppressed_by = ["closed_without_commitment"]',
            "a rule cannot silence itself",
        ),
        ("en/advice.toml", "{times}x", "{times:.1f}x", "takes no format or conversion"),
        ("en/advice.toml", "{times}x", "{}x", "is not a figure name"),
        ("en/advice.toml", "{times}x", "{times.__class__}x", "is not a figure name"),
        ("en/advice.toml", "{times}x", "{times!r}x", "takes no format or conversion"),
    ],
)
def test_validate_rejects_what_would_break_or_mislead_at_run_time(copy, file, old, new, problem):
    edit(copy / file, old, new)
    result = run("playbook", "validate", str(copy))
    assert result.exit_code == 1 and problem in result.output, result.output


def test_an_export_that_cannot_write_says_so(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("", "utf-8")
    result = run("playbook", "export", str(blocked / "sub"))
    assert result.exit_code == 1 and "cannot write the copy" in result.output
    assert "Traceback" not in result.output and "invalid" not in result.output
