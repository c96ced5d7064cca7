import pytest

from dealcoach.engine.errors import RosterError, TranscriptError
from dealcoach.engine.model import Utterance
from dealcoach.engine.playbook import default_playbook
from dealcoach.engine.roles import assign_roles, load_roster, name_matches

CUES = {code: default_playbook().language(code).roles for code in ("nl", "en")}


def turns(*pairs: tuple[str, str]) -> list[Utterance]:
    return [
        Utterance(index=i, speaker=s, text=t, start=None, end=None, words=len(t.split()))
        for i, (s, t) in enumerate(pairs)
    ]


CALL = turns(
    ("Piet Jansen", "Met Piet."),
    ("Sanne Visser", "Hoi Piet, met Sanne van Planwise. Kom ik gelegen?"),
    ("Piet Jansen", "Ja hoor, zegt u het maar."),
    ("Sanne Visser", "Hoe plannen jullie nu de diensten?"),
)


@pytest.mark.parametrize("wanted", ["Sanne Visser", "sanne", "SANNE VISSER", "  sanne  "])
def test_a_seller_is_matched_by_full_or_first_name_in_any_case(wanted):
    assert name_matches(wanted, "Sanne Visser")


def test_a_surname_alone_does_not_match():
    assert not name_matches("visser", "Sanne Visser")


def test_given_sellers_win():
    roles = assign_roles("call.txt", CALL, CUES["nl"], sellers=["piet"])
    assert roles.sellers == ("Piet Jansen",) and roles.source == "given"
    assert [u.role for u in CALL] == ["seller", "prospect", "seller", "prospect"]


def test_an_unknown_seller_name_is_an_error_that_lists_the_speakers():
    with pytest.raises(
        TranscriptError,
        match=r"call.txt: seller 'Kees' is not among the speakers \(Piet Jansen, Sanne Visser\)",
    ):
        assign_roles("call.txt", CALL, CUES["nl"], sellers=["Kees"])


def test_the_heuristic_says_whom_it_picked_and_why():
    roles = assign_roles("call.txt", CALL, CUES["nl"])
    assert roles.sellers == ("Sanne Visser",)
    assert roles.source == "heuristic"
    assert "asked the time check (utterance 1)" in roles.reason


def test_the_heuristic_in_english():
    call = turns(
        ("Dana", "Hello, Dana speaking."),
        ("Mark", "Hi Dana, this is Mark from Brightdesk. Is this a good time?"),
        ("Dana", "I've got five minutes."),
        ("Mark", "How do you handle tickets today?"),
    )
    assert assign_roles("c", call, CUES["en"]).sellers == ("Mark",)


def test_a_roster_maps_aliases(tmp_path):
    path = tmp_path / "team.toml"
    path.write_text('[[seller]]\nname = "Sanne Visser"\naliases = ["S. Visser", "Sanne V"]\n')
    roster = load_roster(path)
    call = turns(("S. Visser", "Goedemiddag."), ("Piet", "Middag."))
    roles = assign_roles("c", call, CUES["nl"], roster=roster)
    assert roles.sellers == ("S. Visser",) and roles.source == "roster"


def test_a_yaml_roster(tmp_path):
    path = tmp_path / "team.yaml"
    path.write_text("seller:\n  - name: Sanne Visser\n    aliases: [Sanne]\n  - Tom Bakker\n")
    assert load_roster(path).all_names() == ["Sanne Visser", "Sanne", "Tom Bakker"]


@pytest.mark.parametrize(
    "content,problem",
    [
        ("seller = 3\n", "expected a list of sellers under 'seller'"),
        ("[[seller]]\naliases = ['x']\n", "seller 1 has no name"),
        ("[[seller\n", "not valid TOML"),
    ],
)
def test_a_broken_roster_says_what_is_wrong(tmp_path, content, problem):
    path = tmp_path / "team.toml"
    path.write_text(content)
    with pytest.raises(RosterError, match=problem):
        load_roster(path)


def test_a_transcript_given_as_roster_is_named_as_such(tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n")
    with pytest.raises(RosterError, match=r"not valid TOML \(a roster is TOML or YAML\)"):
        load_roster(path)
