"""Aangifte voorbereiden: twenty scripted victims through real Rasa (tools/report_victims.yml).

Prints the resident's turns to a finished draft (from the first message to the draft)
and, per fact, how often the finished draft held what the victim told. The victims
were written by the team: the figures say the form works as meant on our own phrasings,
not how residents we never heard fare.

    .venv-rasa/bin/python tools/report_bench.py
"""

from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from typing import Any

import yaml

from common.report_draft import ReportDraft
from tools.rasa_processes import ROOT, RasaServers, rasa_servers

VICTIMS = ROOT / "tools" / "report_victims.yml"
RESULTS = ROOT / "results" / "report_bench.json"
MAX_TURNS = 40


def question_texts() -> dict[str, str]:
    """The opening words of each question, to tell which fact the assistant asks for."""
    found: dict[str, str] = {}
    domain = yaml.safe_load((ROOT / "responses" / "report_flow.yml").read_text(encoding="utf-8"))
    for name, variants in domain["responses"].items():
        for prefix in ("utter_report_ask_", "utter_report_again_"):
            if name.startswith(prefix):
                fact = name.removeprefix(prefix).removesuffix("_prefilled")
                found[variants[0]["text"].split("{")[0]] = fact
    return found


def asked_fact(messages: list[dict[str, Any]], questions: dict[str, str]) -> str | None:
    """The fact the latest question asks for (the last question in the reply)."""
    fact = None
    for message in messages:
        text = message.get("text") or ""
        for opening, name in questions.items():
            if text.startswith(opening):
                fact = name
    return fact


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def as_button(text: str, messages: list[dict[str, Any]]) -> str:
    """A typed button title is that button, as the gateway reads it (bot/button_match.py,
    here only the exact title, case and punctuation ignored)."""
    wanted = _plain(text)
    for message in messages:
        for button in message.get("buttons") or []:
            if _plain(str(button.get("title", ""))) == wanted:
                return str(button["payload"])
    return text


def play(rasa: RasaServers, victim: dict[str, Any], questions: dict[str, str]) -> dict[str, Any]:
    sender = f"bench-{victim['id']}"
    turns = 0
    draft: ReportDraft | None = None
    tries: dict[str, int] = defaultdict(int)
    messages: list[dict[str, Any]] = []
    for text in victim["opening"]:
        # Once the form asks its first question, the rest of the opening is not needed
        # (a resident whose 'aangifte' started the form at once does not say 'ja').
        if asked_fact(messages, questions) is not None:
            break
        messages = rasa.say(sender, as_button(text, messages))
        turns += 1
    while turns < MAX_TURNS:
        for message in messages:
            custom = message.get("custom") or {}
            if ReportDraft.KEY in custom:
                draft = ReportDraft.from_json(custom[ReportDraft.KEY])
        if draft is not None and draft.finished:
            break
        fact = asked_fact(messages, questions)
        if fact is None or fact not in victim["answers"]:
            return {"id": victim["id"], "finished": False, "turns": turns, "stuck_at": fact}
        answer = victim["answers"][fact]
        if isinstance(answer, list):
            answer = answer[min(tries[fact], len(answer) - 1)]
        tries[fact] += 1
        messages = rasa.say(sender, as_button(answer, messages))
        turns += 1
    facts = dict(draft.facts) if draft and draft.finished else {}
    right = {}
    for fact, wanted in victim["expect"].items():
        if wanted is None:
            right[fact] = fact not in facts
        else:
            right[fact] = str(wanted).lower() in facts.get(fact, "").lower()
    return {
        "id": victim["id"],
        "finished": bool(draft and draft.finished),
        "turns": turns,
        "right": right,
        "facts": facts,
    }


def main() -> None:
    victims = yaml.safe_load(VICTIMS.read_text(encoding="utf-8"))["victims"]
    questions = question_texts()
    with rasa_servers() as rasa:
        played = [play(rasa, victim, questions) for victim in victims]
    finished = [p for p in played if p["finished"]]
    per_fact: dict[str, list[bool]] = defaultdict(list)
    for p in finished:
        for fact, ok in p["right"].items():
            per_fact[fact].append(ok)
    print(
        "\n== Aangifte voorbereiden: 20 scripted victims (team-written, tools/report_victims.yml)"
    )
    print(f"finished drafts: {len(finished)} of {len(played)}")
    if finished:
        turns = [p["turns"] for p in finished]
        print(
            f"turns to a finished draft: mean {statistics.mean(turns):.1f}, "
            f"median {statistics.median(turns):.0f}, min {min(turns)}, max {max(turns)}"
        )
    for p in played:
        if not p["finished"]:
            print(f"  not finished: {p['id']} (stuck at {p.get('stuck_at')})")
    print("facts right (a fact the victim gave is in the draft; null expected: left out):")
    for fact, oks in sorted(per_fact.items()):
        print(f"  {fact:<15} {sum(oks):>2}/{len(oks)}  ({sum(oks) / len(oks):.2f})")
    for p in finished:
        wrong = [fact for fact, ok in p["right"].items() if not ok]
        if wrong:
            print(
                f"  wrong in {p['id']}: " + ", ".join(f"{f}={p['facts'].get(f)!r}" for f in wrong)
            )
    all_checks = [ok for oks in per_fact.values() for ok in oks]
    if all_checks:
        share = sum(all_checks) / len(all_checks)
        print(f"all facts: {sum(all_checks)}/{len(all_checks)} ({share:.3f})")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(played, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
