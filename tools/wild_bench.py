"""`make bench`: NLU on the registers real people use, beside the TF-IDF baseline.

Two held-out sets, never trained on: the in-house test set (tests/nlu/test_set.yml)
the wild set (tests/nlu/wild/<register>.yml: pasted SMS, mail, WhatsApp and
letters, long first-person stories, third-person accounts, Flemish, misspelled,
damage told with the trick), and the blind wild set (tests/nlu/wild_blind/, written by
someone who never saw the training data). For each: accuracy, macro-F1, fallback rate, top-3
hit rate, accuracy per register and the worst confusions, for the assistant and the
baseline. Then, for messages that tell both the trick and the damage, how often the
first reply is urgent AND names the trick; and the damage detector's precision and
recall on its own phrasing set (tests/damage/damage_set.yml).

    python tools/wild_bench.py
"""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from actions.case_policy import DAMAGE_STORY_MINIMUM
from actions.clarify import sure_scam_type
from actions.turn import Turn
from common.damage import DAMAGE_ORDER, detect_damage
from common.scam_types import DAMAGE_INTENTS, SCAM_TYPES
from tests.conftest import ROOT, load_examples
from tools.nlu_eval import FALLBACK, baseline_model, labelled, score
from tools.rasa_processes import rasa_servers

WILD = ROOT / "tests" / "nlu" / "wild"
# Written by someone who never saw the training data (tests/nlu/wild_blind/README.md).
WILD_BLIND = ROOT / "tests" / "nlu" / "wild_blind"
DAMAGE_SET = ROOT / "tests" / "damage" / "damage_set.yml"
URGENT_PREFIX = "Dit is nu het belangrijkst"
BOTH_REGISTER = "damage_and_type"


@dataclass
class Case:
    text: str
    gold: str
    register: str


@dataclass
class Reading:
    predicted: str  # with the fallback: what the assistant acts on
    top: list[str]  # the three likeliest real intents
    case: str  # what the assistant takes the case to be (see case_type)


def wild_cases(folder: Path = WILD) -> list[Case]:
    cases = []
    for path in sorted(folder.glob("*.yml")):
        for intent, texts in load_examples(path).items():
            cases += [Case(text, intent, path.stem) for text in texts]
    return cases


def in_house_cases() -> list[Case]:
    texts, gold = labelled("tests/nlu/test_set.yml")
    return [Case(t, g, "in_house") for t, g in zip(texts, gold, strict=True)]


def read(parsed: dict[str, Any]) -> Reading:
    turn = Turn(
        intent=parsed["intent"]["name"],
        text=parsed.get("text") or "",
        is_button=False,
        ranking=[(r["name"], r["confidence"]) for r in parsed.get("intent_ranking") or []],
        types=[(t["name"], t["confidence"]) for t in parsed.get("scam_type_ranking") or []],
    )
    top = [name for name, _ in turn.ranking if name != FALLBACK][:3]
    return Reading(str(turn.intent), top, case_type(turn))


def case_type(turn: Turn) -> str:
    """What the assistant takes the case to be, as the actions read it: the intent; for a
    damage intent the trick the scam-type head reads (actions/case_policy.py); for an
    unsure intent the scam type the head is sure of (actions/clarify.py)."""
    if turn.intent == FALLBACK:
        return sure_scam_type(turn) or FALLBACK
    if turn.intent in DAMAGE_INTENTS:
        return turn.scam_type(DAMAGE_STORY_MINIMUM) or str(turn.intent)
    return str(turn.intent)


def scored_case(case: Case, reading: Reading) -> str:
    """The case reading, scored on the dimension the gold label names. A message labelled
    with its damage only (already_paid, shared_details) that the assistant reads as that
    damage plus a trick ('op aanwijzing van een nep-bankmedewerker overgeboekt') is right
    on the damage dimension when the damage detector hears it too, so the urgent step
    comes first. Whether the trick is right is scored where the set labels the trick:
    the damage_and_type register."""
    if case.gold in DAMAGE_INTENTS and reading.case in SCAM_TYPES and detect_damage(case.text):
        return case.gold
    return reading.case


def report(
    name: str,
    cases: list[Case],
    readings: list[Reading],
    base: list[str],
    base_top: list[list[str]],
) -> dict[str, Any]:
    gold = [c.gold for c in cases]
    ours = score(gold, [r.predicted for r in readings])
    ours_case = score(gold, [r.case for r in readings])
    baseline = score(gold, base)
    top3 = sum(c.gold in r.top for c, r in zip(cases, readings, strict=True)) / len(cases)
    base3 = sum(c.gold in t for c, t in zip(cases, base_top, strict=True)) / len(cases)
    print(f"\n{name}: {len(cases)} messages, {len(set(gold))} intents")
    print(f"{'':24}{'assistant':>11}{'(case type)':>13}{'baseline':>10}")
    print(
        f"{'accuracy':24}{ours.accuracy:11.3f}{ours_case.accuracy:13.3f}{baseline.accuracy:10.3f}"
    )
    print(
        f"{'macro-F1':24}{ours.macro_f1:11.3f}{ours_case.macro_f1:13.3f}{baseline.macro_f1:10.3f}"
    )
    fallbacks = (ours.fallback_rate, ours_case.fallback_rate, baseline.fallback_rate)
    print(f"{'fallback rate':24}{fallbacks[0]:11.3f}{fallbacks[1]:13.3f}{fallbacks[2]:10.3f}")
    print(f"{'top-3 hit rate':24}{top3:11.3f}{'':13}{base3:10.3f}")
    registers: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        registers[case.register].append(i)
    per_register = {}
    if len(registers) > 1:
        print("\n  accuracy per register     n  assistant (case type)  baseline")
        for register, rows in sorted(registers.items()):
            hit = sum(readings[i].predicted == cases[i].gold for i in rows) / len(rows)
            hit_case = sum(readings[i].case == cases[i].gold for i in rows) / len(rows)
            hit_base = sum(base[i] == cases[i].gold for i in rows) / len(rows)
            per_register[register] = {
                "n": len(rows),
                "assistant": hit,
                "case_type": hit_case,
                "baseline": hit_base,
            }
            print(f"  {register:22}{len(rows):4}{hit:11.3f}{hit_case:13.3f}{hit_base:10.3f}")
    print("  worst confusions (gold -> predicted: count)")
    for label, scores in (("assistant", ours), ("baseline", baseline)):
        shown = ", ".join(f"{g}->{p}: {n}" for g, p, n in scores.confusions[:8]) or "none"
        print(f"    {label}: {shown}")
    return {
        "n": len(cases),
        "assistant": {
            "accuracy": ours.accuracy,
            "macro_f1": ours.macro_f1,
            "fallback_rate": ours.fallback_rate,
            "top3": top3,
            "confusions": ours.confusions[:10],
        },
        "assistant_case_type": {
            "accuracy": ours_case.accuracy,
            "macro_f1": ours_case.macro_f1,
            "fallback_rate": ours_case.fallback_rate,
        },
        "baseline": {
            "accuracy": baseline.accuracy,
            "macro_f1": baseline.macro_f1,
            "top3": base3,
            "confusions": baseline.confusions[:10],
        },
        "per_register": per_register,
    }


def damage_and_type(servers: Any, cases: list[Case], name: str) -> dict[str, Any]:
    """Messages telling the trick and the damage: the first reply is urgent and the reply
    explains that trick."""
    responses = servers.get("/domain").get("responses") or {}
    both = [c for c in cases if c.register == BOTH_REGISTER and c.gold in SCAM_TYPES]
    urgent = named = hits = 0
    for case in both:
        reply = servers.say(f"bench-both-{uuid.uuid4().hex}", case.text)
        bubbles = [m.get("text") or "" for m in reply if m.get("text")]
        what = ((responses.get(f"utter_{case.gold}_what") or [{}])[0]).get("text")
        is_urgent = bool(bubbles) and bubbles[0].startswith(URGENT_PREFIX)
        is_named = what in bubbles
        urgent += is_urgent
        named += is_named
        hits += is_urgent and is_named
    n = max(len(both), 1)
    print(
        f"\ndamage and trick in one message ({len(both)} messages of the {name}): urgent first "
        f"{urgent / n:.3f}, trick named {named / n:.3f}, both {hits / n:.3f}"
    )
    return {"n": len(both), "urgent_first": urgent / n, "trick_named": named / n, "both": hits / n}


def damage_detection() -> dict[str, Any]:
    """Precision and recall of common/damage.py on its own phrasing set."""
    if not DAMAGE_SET.exists():
        print("\ndamage phrasing set: missing")
        return {}
    phrasings = yaml.safe_load(DAMAGE_SET.read_text(encoding="utf-8"))["phrasings"]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    any_right = 0
    for item in phrasings:
        gold = set(item.get("damage") or [])
        found = set(detect_damage(item["text"]))
        any_right += bool(gold) == bool(found)
        for kind in DAMAGE_ORDER:
            tp[kind] += kind in gold and kind in found
            fp[kind] += kind not in gold and kind in found
            fn[kind] += kind in gold and kind not in found
    print(f"\ndamage detection on {len(phrasings)} phrasings (tests/damage/damage_set.yml)")
    print(f"  {'kind':16}{'precision':>10}{'recall':>8}{'n':>5}")
    figures: dict[str, Any] = {}
    for kind in [*DAMAGE_ORDER, "all"]:
        t = sum(tp.values()) if kind == "all" else tp[kind]
        p = sum(fp.values()) if kind == "all" else fp[kind]
        f = sum(fn.values()) if kind == "all" else fn[kind]
        precision = t / (t + p) if t + p else 0.0
        recall = t / (t + f) if t + f else 0.0
        figures[kind] = {"precision": precision, "recall": recall, "n": t + f}
        print(f"  {kind:16}{precision:10.3f}{recall:8.3f}{t + f:5}")
    print(f"  damage or not, right: {any_right / len(phrasings):.3f}")
    figures["damage_or_not"] = any_right / len(phrasings)
    return figures


def main() -> None:
    train_texts, train_labels = labelled("intents")
    model = baseline_model(train_texts, train_labels)
    figures: dict[str, Any] = {}
    sets = {
        "in-house test set": in_house_cases(),
        "wild set": wild_cases(),
        "blind wild set": wild_cases(WILD_BLIND),
    }
    with rasa_servers() as servers:
        for name, cases in sets.items():
            if not cases:
                print(f"\n{name}: no messages")
                continue
            texts = [c.text for c in cases]
            readings = [read(servers.post("/model/parse", {"text": t})) for t in texts]
            readings = [
                replace(r, case=scored_case(c, r)) for c, r in zip(cases, readings, strict=True)
            ]
            base = list(model.predict(texts))
            probabilities = model.predict_proba(texts)
            classes = list(model.classes_)
            base_top = [[classes[i] for i in row.argsort()[::-1][:3]] for row in probabilities]
            figures[name] = report(name, cases, readings, base, base_top)
        for name in ("wild set", "blind wild set"):
            if sets[name]:
                figures[f"damage_and_type ({name})"] = damage_and_type(servers, sets[name], name)
    figures["damage_detection"] = damage_detection()
    out = ROOT / "results" / "wild_bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
