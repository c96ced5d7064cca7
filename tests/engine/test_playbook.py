import shutil

import pytest

from dealcoach.engine.errors import PlaybookError
from dealcoach.engine.playbook import (
    LABELS,
    default_playbook,
    export_playbook,
    load_playbook,
)


@pytest.fixture
def copy(tmp_path):
    """An editable copy of the built-in playbook."""
    target = tmp_path / "playbook"
    export_playbook(target)
    return target


def test_the_built_in_playbook_loads_with_patterns_for_every_label():
    playbook = default_playbook()
    for code in ("nl", "en"):
        labels = {p.label for p in playbook.language(code).patterns}
        assert labels == set(LABELS) - {"question"}
        assert playbook.language(code).version


def test_a_copy_loads(copy):
    assert load_playbook(copy).language("en").patterns


def test_every_problem_is_reported_at_once_by_file_and_entry(copy):
    path = copy / "nl" / "labels.toml"
    text = path.read_text("utf-8")
    text = text.replace('label = "stall"', 'label = "stal"', 1)
    text = text.replace('label = "rejection"', 'label = "rejection"\nweight = 2', 1)
    path.write_text(text, "utf-8")
    with pytest.raises(PlaybookError) as info:
        load_playbook(copy)
    message = str(info.value)
    assert message.startswith(f"playbook {copy} is invalid (2 problems)")
    assert "nl/labels.toml, pattern[" in message and "].label: 'stal' is not one of" in message
    assert "unknown key ('weight' was unexpected)" in message


def test_regex_problems_are_reported_at_once_by_file_and_entry(copy):
    path = copy / "nl" / "labels.toml"
    text = path.read_text("utf-8")
    text = text.replace("regex = '''\\b(geen (interesse", "regex = '''\\b((geen (interesse", 1)
    text = text.replace("%dag%", "%dgа%", 1)
    path.write_text(text, "utf-8")
    with pytest.raises(PlaybookError) as info:
        load_playbook(copy)
    message = str(info.value)
    assert message.startswith(f"playbook {copy} is invalid (")
    assert "(nl.rejection.geen_interesse), regex: invalid regex" in message
    assert "unknown %dgа% (not in [define])" in message


def test_a_missing_file_is_the_built_in_one_and_broken_toml_is_named(copy):
    (copy / "en" / "question.toml").unlink()
    assert load_playbook(copy).language("en").question.wh
    (copy / "nl" / "labels.toml").write_text("[[pattern]\n", "utf-8")
    with pytest.raises(PlaybookError) as info:
        load_playbook(copy)
    assert "nl/labels.toml: not valid TOML" in str(info.value)


def test_a_folder_with_one_small_file_changes_one_threshold(tmp_path):
    (tmp_path / "rules.toml").write_text("[rule.seller_talks_too_much]\nmax_share = 0.6\n", "utf-8")
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "advice.toml").write_text(
        '[open_ending]\nadvice = "Always book the next meeting before you hang up."\n', "utf-8"
    )
    playbook = load_playbook(tmp_path)
    default = default_playbook()
    assert playbook.rules["seller_talks_too_much"].params == {"max_share": 0.6}
    assert playbook.rules["seller_talks_too_much"].source == (
        default.rules["seller_talks_too_much"].source
    )
    assert playbook.rules["open_ending"] == default.rules["open_ending"]
    advice = playbook.language("en").advice["open_ending"]
    assert advice.advice.startswith("Always book") and advice.message  # message kept
    assert len(playbook.language("nl").patterns) == len(default.language("nl").patterns)


def test_an_unknown_define_is_named(copy):
    path = copy / "en" / "labels.toml"
    path.write_text(path.read_text("utf-8").replace("%step%", "%stpe%", 1), "utf-8")
    with pytest.raises(PlaybookError, match=r"unknown %stpe% \(not in \[define\]\)"):
        load_playbook(copy)


def test_a_folder_that_is_not_there(tmp_path):
    with pytest.raises(PlaybookError, match="is not a folder"):
        load_playbook(tmp_path / "nope")


def test_a_team_can_add_its_own_phrasing(copy):
    path = copy / "nl" / "labels.toml"
    path.write_text(
        path.read_text("utf-8") + '\n[[pattern]]\nid = "team.stall.koffie"\nlabel = "stall"\n'
        "regex = '''eerst maar eens koffie'''\n",
        "utf-8",
    )
    playbook = load_playbook(copy)
    assert "team.stall.koffie" in {p.id for p in playbook.language("nl").patterns}
    shutil.rmtree(copy)


def test_overrides_name_known_labels_and_never_the_label_itself(copy):
    path = copy / "en" / "labels.toml"
    original = path.read_text("utf-8")
    path.write_text(original.replace('stall = ["agreement"]', 'stall = ["stall"]', 1), "utf-8")
    with pytest.raises(PlaybookError, match=r"en/labels.toml, overrides.stall: a label cannot"):
        load_playbook(copy)
    typo = original.replace('rejection = ["agreement"]', 'rejection = ["agreemnt"]', 1)
    path.write_text(typo, "utf-8")
    with pytest.raises(PlaybookError, match=r"overrides.rejection\[1\]: 'agreemnt' is not one of"):
        load_playbook(copy)


def test_a_team_can_switch_an_override_off(copy):
    path = copy / "en" / "labels.toml"
    text = path.read_text("utf-8").replace('stall = ["agreement"]\n', "", 1)
    path.write_text(text, "utf-8")
    assert "stall" not in load_playbook(copy).language("en").overrides
    assert default_playbook().language("en").overrides["stall"] == ("agreement",)
