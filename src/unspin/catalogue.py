"""The technique catalogue: the 14 PTC techniques with readable names, plain-language definitions, short examples
(our own words) and highlight colours.

The one copy of the label list: analysers, renderers, the web page (served as JSON at ``/api/techniques``) and
``unspin bench`` all read it from here.
"""

from __future__ import annotations

from typing import NamedTuple


class Technique(NamedTuple):
    label: str
    title: str
    definition: str
    example: str
    colour: str


TECHNIQUES: dict[str, Technique] = {
    t.label: t
    for t in (
        Technique("Loaded_Language", "Loaded language",
                  "Words chosen for their emotional charge rather than their meaning, to make the reader feel before they think.",
                  "a \"bloodthirsty\" regime", "#e6194b"),
        Technique("Name_Calling,Labeling", "Name calling / labelling",
                  "Attaching a label to a person or group that the audience fears, hates or mocks, instead of arguing about what they do.",
                  "\"puppets of Washington\"", "#f58231"),
        Technique("Repetition", "Repetition",
                  "Saying the same message again and again so that it sticks and starts to feel true.",
                  "repeating \"a rigged election\" in every paragraph", "#ffe119"),
        Technique("Exaggeration,Minimisation", "Exaggeration / minimisation",
                  "Making something look much bigger, better or worse than it is, or waving away something serious as trivial.",
                  "\"the worst crisis in human history\"", "#bfef45"),
        Technique("Doubt", "Doubt",
                  "Questioning the credibility of a person or institution without evidence, to make the reader distrust them.",
                  "\"Can we really believe anything the ministry says?\"", "#3cb44b"),
        Technique("Appeal_to_fear-prejudice", "Appeal to fear or prejudice",
                  "Building support for an idea by stoking anxiety or panic about an alternative, often by playing on prejudice.",
                  "\"if we do nothing, they will come for our children\"", "#42d4f4"),
        Technique("Flag-Waving", "Flag-waving",
                  "Justifying an idea by appealing to patriotism or group identity rather than to its merits.",
                  "\"every true patriot supports this law\"", "#4363d8"),
        Technique("Causal_Oversimplification", "Causal oversimplification",
                  "Blaming a complex problem on one single cause, or treating one event as the whole cause of another.",
                  "\"prices rose because of the sanctions, full stop\"", "#911eb4"),
        Technique("Slogans", "Slogan",
                  "A short, catchy phrase that packs a judgement or call to action into something easy to chant.",
                  "\"Make our nation great again!\"", "#f032e6"),
        Technique("Appeal_to_Authority", "Appeal to authority",
                  "Claiming something is true only because an authority or expert said so, with no further evidence.",
                  "\"the general says it, so it must be true\"", "#a9a9a9"),
        Technique("Black-and-White_Fallacy", "Black-and-white fallacy",
                  "Presenting only two options as if no others existed, or one side as wholly good and the other as wholly bad.",
                  "\"you are either with us or with the terrorists\"", "#9a6324"),
        Technique("Thought-terminating_Cliches", "Thought-terminating cliché",
                  "A stock phrase that discourages further thinking or debate by making the question seem settled.",
                  "\"it is what it is\"", "#800000"),
        Technique("Whataboutism,Straw_Men,Red_Herring", "Whataboutism / straw man / red herring",
                  "Dodging a criticism by pointing at someone else's faults, misrepresenting the other side's view, or changing the subject.",
                  "\"and what about the crimes of the West?\"", "#469990"),
        Technique("Bandwagon,Reductio_ad_hitlerum", "Bandwagon / reductio ad Hitlerum",
                  "Urging people to agree because everyone else does, or rejecting an idea because a hated group is said to hold it.",
                  "\"the whole world already knows this\"", "#000075"),
    )
}


LABELS: tuple[str, ...] = tuple(sorted(TECHNIQUES))  # the PTC ids, in the corpus's (alphabetical) order


def title(label: str) -> str:
    """The readable name of a technique id ("Name_Calling,Labeling" → "Name calling / labelling")."""
    t = TECHNIQUES.get(label)
    return t.title if t else label.replace("_", " ")


def colour(label: str) -> str:
    t = TECHNIQUES.get(label)
    return t.colour if t else "#999999"


def as_json() -> list[dict[str, str]]:
    """The catalogue for the web page and other clients."""
    return [t._asdict() for t in (TECHNIQUES[label] for label in LABELS)]
