"""Golden tables: phrasing written for these tests (not taken from the evaluation corpus)."""

import pytest

from dealcoach.engine.labels import label_utterances, normalise
from dealcoach.engine.model import PROSPECT, SELLER, Utterance
from dealcoach.engine.outcome import call_outcome, next_step
from dealcoach.engine.playbook import default_playbook


def turns(*pairs):
    return [
        Utterance(
            index=i,
            speaker=role,
            text=text,
            start=None,
            end=None,
            words=len(text.split()),
            role=role,
        )
        for i, (role, text) in enumerate(pairs)
    ]


def labels_of(lang, *pairs):
    utterances = turns(*pairs)
    label_utterances(utterances, default_playbook().language(lang))
    return [set(u.labels) for u in utterances]


NL_SINGLE = [
    (SELLER, "Heeft u nu vijf minuten, of bel ik beter morgen terug?", {"question", "time_check"}),
    (SELLER, "komt het nu uit of bel ik vanmiddag terug", {"question", "time_check"}),
    (SELLER, "Hoeveel monteurs hebben jullie in dienst?", {"question"}),
    (SELLER, "en hoe plannen jullie dat nu eigenlijk", {"question"}),
    (SELLER, "vertel eens hoe dat bij jullie gaat", set()),
    (SELLER, "ik vroeg me af of jullie daar al iets voor gebruiken", {"question"}),
    (SELLER, "dat is best veel werk toch", {"question"}),
    (SELLER, "Dan heeft u daar straks geen omkijken meer naar.", set()),
    (SELLER, "Zal ik dat voor u in orde maken?", {"question", "closing_question"}),
    (SELLER, "Wat is uw indruk van dit gesprek?", {"question", "closing_question"}),
    (SELLER, "Dan kom ik donderdag om elf uur langs met de demo-opstelling.", {"next_step"}),
    (PROSPECT, "Wij hebben hiervoor geen interesse.", {"rejection"}),
    (PROSPECT, "Ik moet dat nog even laten bezinken.", {"stall"}),
    (PROSPECT, "Dat beslist onze eigenaar, niet ik.", {"not_decision_maker"}),
    (PROSPECT, "nou ik weet het niet hoor", {"stall"}),
    (PROSPECT, "daar gaat mijn directeur over", {"not_decision_maker"}),
]
EN_SINGLE = [
    (SELLER, "do you have a couple of minutes right now", {"question", "time_check"}),
    (SELLER, "Is this a bad time to talk?", {"question", "time_check"}),
    (SELLER, "so how many people are on the team today", {"question"}),
    (SELLER, "tell me about your current setup", set()),
    (SELLER, "I was wondering whether you had a chance to look at it", {"question"}),
    (SELLER, "that's a lot of manual work isn't it", {"question"}),
    (
        SELLER,
        "Are you comfortable moving ahead with the standard package?",
        {"question", "closing_question"},
    ),
    (SELLER, "How do you feel about the proposal?", {"question", "closing_question"}),
    (PROSPECT, "No thanks, we've got this covered.", {"rejection"}),
    (PROSPECT, "let me think about it", {"stall"}),
    (PROSPECT, "call me next quarter", {"stall"}),
    (PROSPECT, "I'd have to run it by our CFO.", {"not_decision_maker"}),
    (PROSPECT, "I only collect the quotes, my boss decides.", {"not_decision_maker"}),
]


@pytest.mark.parametrize(
    "lang,role,text,expected",
    [("nl", *case) for case in NL_SINGLE] + [("en", *case) for case in EN_SINGLE],
)
def test_labels(lang, role, text, expected):
    assert labels_of(lang, (role, text))[0] == expected


def test_yes_to_a_proposal_is_agreement_but_yes_to_a_fact_is_not():
    proposal = labels_of(
        "nl", (SELLER, "Zullen we dinsdag om tien uur de demo doen?"), (PROSPECT, "Ja, prima.")
    )
    fact = labels_of("nl", (SELLER, "Jullie werken nu met Excel, klopt dat?"), (PROSPECT, "Ja."))
    assert "agreement" in proposal[1]
    assert fact[1] == set()


def test_a_yes_that_holds_back_is_a_stall_not_an_agreement():
    proposal = (SELLER, "Zullen we dinsdag om tien uur een demo bij u inplannen?")
    held = labels_of("nl", proposal, (PROSPECT, "ja, maar ik moet er toch nog even over nadenken"))
    assert "stall" in held[1] and "agreement" not in held[1]
    plain = labels_of("nl", proposal, (PROSPECT, "Ja, prima, dinsdag om tien is goed."))
    assert "agreement" in plain[1]
    held = labels_of(
        "en",
        (SELLER, "Shall we book the demo for Tuesday at ten?"),
        (PROSPECT, "Sounds good, but let me sleep on it and get back to you."),
    )
    assert "stall" in held[1] and "agreement" not in held[1]


def test_no_to_a_needs_question_is_no_rejection():
    got = labels_of(
        "en", (SELLER, "Do you track overtime anywhere?"), (PROSPECT, "No, not really.")
    )
    assert "rejection" not in got[1]


def test_no_to_a_closing_question_is_rejection():
    got = labels_of(
        "en",
        (SELLER, "Shall we book the pilot for Monday?"),
        (PROSPECT, "No, thanks, it's not for us."),
    )
    assert "rejection" in got[1]


def test_a_double_negation_is_no_rejection():
    got = labels_of("en", (PROSPECT, "I'm not uninterested, to be fair."))
    assert "rejection" not in got[0]


def test_seller_labels_never_go_to_the_prospect():
    got = labels_of("nl", (PROSPECT, "Heeft u even tijd?"))
    assert got[0] == {"question"}


def test_every_match_names_its_pattern_and_points_at_the_words():
    utterances = turns((SELLER, "Goedemorgen! Kom ik gelegen?"))
    label_utterances(utterances, default_playbook().language("nl"))
    for match in utterances[0].matches:
        assert match.pattern_id
        start, end = match.span
        assert 0 <= start < end <= len(utterances[0].text)
    time_check = next(m for m in utterances[0].matches if m.label == "time_check")
    assert utterances[0].text[slice(*time_check.span)] == "Kom ik gelegen"


def test_normalise_keeps_length_so_spans_fit():
    text = "İk ben’t ÉÉN"
    assert len(normalise(text)) == len(text)


def test_outcome_and_next_step():
    utterances = turns(
        (SELLER, "Zullen we volgende week dinsdag om negen uur een demo doen?"),
        (PROSPECT, "Ja, dinsdag om negen uur is goed."),
        (SELLER, "Top, dan stuur ik vandaag de uitnodiging."),
    )
    rules = default_playbook().language("nl")
    label_utterances(utterances, rules)
    outcome = call_outcome(utterances)
    assert outcome == "agreed"
    step = next_step(utterances, outcome, rules)
    assert step["agreed"] is True and step["kind"] == "demo" and step["utterance"] == 0
    assert step["time"].startswith("volgende week dinsdag")


def test_the_time_of_a_step_settled_after_it_is_the_precise_one():
    utterances = turns(
        (SELLER, "Shall we set up the scoping workshop with your team next week?"),
        (PROSPECT, "Yes, let's do that."),
        (SELLER, "Would Thursday the twenty-ninth at ten work for you?"),
        (PROSPECT, "Ten works."),
        (SELLER, "Great, I'll send the invite after this call."),
    )
    rules = default_playbook().language("en")
    label_utterances(utterances, rules)
    step = next_step(utterances, call_outcome(utterances), rules)
    assert step["agreed"] and step["utterance"] == 0  # the workshop, not the logistics
    assert step["time"].startswith("Thursday the twenty-ninth")


@pytest.mark.parametrize(
    "pairs,outcome",
    [
        (
            ((SELLER, "Shall we set up the pilot?"), (PROSPECT, "No thanks, not for us.")),
            "rejected",
        ),
        (((SELLER, "Nice talking to you."), (PROSPECT, "Likewise, bye.")), "open"),
    ],
)
def test_outcomes(pairs, outcome):
    utterances = turns(*pairs)
    label_utterances(utterances, default_playbook().language("en"))
    assert call_outcome(utterances) == outcome
