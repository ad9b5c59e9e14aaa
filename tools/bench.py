"""`make bench`: NLU quality vs a TF-IDF baseline, latency, training time, memory.

Prints figures; asserts nothing (targets are in the README and issue, not in
timed tests). Writes the same figures to results/bench.json.

    python tools/bench.py [--skip-train] [--messages 500]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

from tools.nlu_eval import Scores, baseline_predictor, labelled, score
from tools.rasa_processes import MODEL, ROOT, rasa_servers
from tools.stats import percentile

URGENT_PREFIX = "Dit is nu het belangrijkst"
DAMAGE_INTENTS = ("already_paid", "shared_details")


def timed_train() -> float | None:
    """Seconds for a full `make train` from an empty Rasa cache."""
    shutil.rmtree(ROOT / ".rasa", ignore_errors=True)
    MODEL.unlink(missing_ok=True)
    start = time.monotonic()
    subprocess.run(["make", "train"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def rss_mb(pid: int) -> tuple[float, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def print_side_by_side(ours: Scores, base: Scores, ours_top: Scores) -> None:
    print(f"{'':24}{'assistant':>12}{'(top intent)':>14}{'baseline':>12}")
    print(f"{'accuracy':24}{ours.accuracy:12.3f}{ours_top.accuracy:14.3f}{base.accuracy:12.3f}")
    print(f"{'macro-F1':24}{ours.macro_f1:12.3f}{ours_top.macro_f1:14.3f}{base.macro_f1:12.3f}")
    print(f"{'fallback rate':24}{ours.fallback_rate:12.3f}{'':14}{base.fallback_rate:12.3f}")
    print("\nper-intent F1 (recall)        assistant         baseline")
    for intent in sorted(ours.per_intent):
        _, r, f, n = ours.per_intent[intent]
        _, br, bf, _ = base.per_intent[intent]
        print(f"  {intent:24}{f:8.3f} ({r:.2f}){bf:12.3f} ({br:.2f})  n={n}")
    print("\nworst confusions (gold -> predicted: count)")
    for label, scores in (("assistant", ours), ("baseline", base)):
        shown = ", ".join(f"{g}->{p}: {n}" for g, p, n in scores.confusions[:8]) or "none"
        print(f"  {label}: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-train", action="store_true", help="reuse the trained model")
    parser.add_argument("--messages", type=int, default=500)
    args = parser.parse_args()
    figures: dict[str, Any] = {}

    train_seconds = None if args.skip_train else timed_train()
    if train_seconds is not None:
        print(f"training: full `make train` from an empty cache: {train_seconds:.1f} s")
    else:
        print("training: not measured (--skip-train)")
    figures["train_seconds"] = train_seconds

    test_texts, gold = labelled("tests/nlu/test_set.yml")
    train_texts, train_labels = labelled("intents")
    base = score(gold, baseline_predictor(train_texts, train_labels)(test_texts))

    with rasa_servers() as servers:
        parsed = [servers.post("/model/parse", {"text": t}) for t in test_texts]
        predicted = [p["intent"]["name"] for p in parsed]
        top = []
        for p in parsed:
            ranking = p.get("intent_ranking") or [p["intent"]]
            real = [r["name"] for r in ranking if r["name"] != "nlu_fallback"]
            top.append(real[0] if real else p["intent"]["name"])
        ours, ours_top = score(gold, predicted), score(gold, top)
        print(
            f"\nNLU on the held-out test set ({len(test_texts)} messages, {len(set(gold))} intents)"
        )
        print_side_by_side(ours, base, ours_top)

        urgent_hits, urgent_total = 0, 0
        for text, label in zip(test_texts, gold, strict=True):
            if label in DAMAGE_INTENTS:
                urgent_total += 1
                reply = servers.say(f"bench-urgent-{uuid.uuid4().hex}", text)
                first = next((m.get("text", "") for m in reply if m.get("text")), "")
                urgent_hits += first.startswith(URGENT_PREFIX)
        print(
            f"\nurgent first: {urgent_hits}/{urgent_total} damage messages got the urgent "
            "advice as the very first reply"
        )
        for intent in DAMAGE_INTENTS:
            print(
                f"recall {intent}: {ours.recall(intent):.3f} "
                f"(top intent {ours_top.recall(intent):.3f})"
            )

        messages = [test_texts[i % len(test_texts)] for i in range(args.messages)]
        parse_ms, trip_ms = [], []
        for text in messages:
            start = time.perf_counter()
            servers.post("/model/parse", {"text": text})
            parse_ms.append((time.perf_counter() - start) * 1000)
        for i, text in enumerate(messages):
            sender = f"bench-{i // 5}"
            start = time.perf_counter()
            servers.say(sender, text)
            trip_ms.append((time.perf_counter() - start) * 1000)
        rss, peak = rss_mb(servers.rasa_pid)

    print(f"\nlatency over {args.messages} messages, one client, loopback")
    print(
        f"  NLU parse (/model/parse):       p50 {percentile(parse_ms, 0.5):6.1f} ms"
        f"   p95 {percentile(parse_ms, 0.95):6.1f} ms"
    )
    print(
        f"  REST round trip (webhook+actions): p50 {percentile(trip_ms, 0.5):6.1f} ms"
        f"   p95 {percentile(trip_ms, 0.95):6.1f} ms"
    )
    print(f"Rasa server memory: RSS {rss:.0f} MB (peak {peak:.0f} MB)")

    figures.update(
        {
            "assistant": {
                "accuracy": ours.accuracy,
                "macro_f1": ours.macro_f1,
                "fallback_rate": ours.fallback_rate,
                "per_intent": ours.per_intent,
                "confusions": ours.confusions[:10],
            },
            "assistant_top_intent": {"accuracy": ours_top.accuracy, "macro_f1": ours_top.macro_f1},
            "baseline": {
                "accuracy": base.accuracy,
                "macro_f1": base.macro_f1,
                "per_intent": base.per_intent,
                "confusions": base.confusions[:10],
            },
            "urgent_first": {"hits": urgent_hits, "total": urgent_total},
            "parse_ms": {
                "p50": percentile(parse_ms, 0.5),
                "p95": percentile(parse_ms, 0.95),
                "mean": statistics.mean(parse_ms),
            },
            "round_trip_ms": {
                "p50": percentile(trip_ms, 0.5),
                "p95": percentile(trip_ms, 0.95),
                "mean": statistics.mean(trip_ms),
            },
            "rasa_rss_mb": rss,
            "rasa_peak_rss_mb": peak,
        }
    )
    out = ROOT / "results" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=2, default=str))
    print(f"\nfigures written to {os.path.relpath(out, ROOT)}")


if __name__ == "__main__":
    main()
