"""`make bench`: screenshots read by the gateway's OCR (bot/images/), over the corpus the
tests render (bot/tests/screenshots/: written by the team, modelled on real messages).

Prints, per style and overall: the character error rate, how often every link domain
and IBAN of an image was recovered exactly, how often the intent Rasa gives the read
text equals the intent it gives the original text, and p50 / p95 seconds per image on
this machine (decode, prepare, Tesseract and repair, one image at a time). Targets
(issue 14): domains and IBANs in at least 95% of images, intent agreement at least
90%, p95 at most 2 s.

    .venv-bot/bin/python tools/image_bench.py [--out results/screenshots]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.images.reader import read_image  # noqa: E402
from bot.tests.screenshots.corpus import Shot, render_corpus  # noqa: E402
from tools.image_metrics import character_error_rate, domain_found, iban_found  # noqa: E402
from tools.rasa_processes import RasaServers, rasa_servers  # noqa: E402

TIMEOUT = 10.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def intent(rasa: RasaServers, text: str) -> str:
    parsed = rasa.post("/model/parse", {"text": text, "message_id": str(uuid.uuid4())})
    return str(parsed["intent"]["name"])


def measure(shots: list[Shot], rasa: RasaServers) -> list[dict[str, object]]:
    rows = []
    for shot in shots:
        data = shot.path.read_bytes()
        started = time.perf_counter()
        reading = read_image(data, TIMEOUT)
        seconds = time.perf_counter() - started
        wanted = [*shot.message.domains, *shot.message.ibans]
        missed = [
            item
            for item in wanted
            if not (
                domain_found(item, reading.text) if "." in item else iban_found(item, reading.text)
            )
        ]
        truth_intent, read_intent = intent(rasa, shot.truth), intent(rasa, reading.text)
        rows.append(
            {
                "file": shot.path.name,
                "style": shot.style,
                "scale": shot.scale,
                "variant": list(shot.variant),
                "seconds": seconds,
                "cer": character_error_rate(shot.truth, reading.text),
                "wanted": len(wanted),
                "missed": missed,
                "intent_truth": truth_intent,
                "intent_read": read_intent,
                "changes": reading.changes,
                "read": reading.text,
            }
        )
    return rows


def report(rows: list[dict[str, object]]) -> list[str]:
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        groups[str(row["style"])].append(row)
    groups["all"] = rows
    lines = [
        "screenshots (team-written corpus, rendered in Chromium)",
        f"{'style':<15} {'images':>6} {'CER':>6} {'links+IBANs':>12} {'intent':>7}"
        f" {'p50 s':>6} {'p95 s':>6}",
    ]
    for style, group in groups.items():
        with_items = [r for r in group if r["wanted"]]
        recovered = sum(1 for r in with_items if not r["missed"])
        agree = sum(1 for r in group if r["intent_truth"] == r["intent_read"])
        seconds = [float(r["seconds"]) for r in group]  # type: ignore[arg-type]
        cer = statistics.mean(float(r["cer"]) for r in group)  # type: ignore[arg-type]
        share = recovered / len(with_items) if with_items else 1.0
        lines.append(
            f"{style:<15} {len(group):>6} {cer:>6.3f} {share:>11.0%} {agree / len(group):>7.0%}"
            f" {percentile(seconds, 0.5):>6.2f} {percentile(seconds, 0.95):>6.2f}"
        )
    with_items = [r for r in rows if r["wanted"]]
    share = sum(1 for r in with_items if not r["missed"]) / len(with_items)
    agree = sum(1 for r in rows if r["intent_truth"] == r["intent_read"]) / len(rows)
    p95 = percentile([float(r["seconds"]) for r in rows], 0.95)  # type: ignore[arg-type]
    lines.append(
        f"images with links or IBANs: {len(with_items)}; all recovered in {share:.0%}"
        f" (target >= 95%): {'met' if share >= 0.95 else 'not met'}"
    )
    lines.append(
        f"intent agreement {agree:.0%} (target >= 90%): {'met' if agree >= 0.9 else 'not met'}"
    )
    lines.append(f"p95 {p95:.2f} s per image (target <= 2 s): {'met' if p95 <= 2 else 'not met'}")
    for row in rows:
        if row["missed"] or row["intent_truth"] != row["intent_read"]:
            lines.append(
                f"  {row['file']}: missed {row['missed']}, intent {row['intent_truth']}"
                f" -> {row['intent_read']}"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "screenshots")
    args = parser.parse_args()
    started = time.perf_counter()
    shots = render_corpus(args.out)
    print(f"corpus: {len(shots)} images in {args.out} ({time.perf_counter() - started:.1f} s)")
    with rasa_servers() as rasa:
        rows = measure(shots, rasa)
    for line in report(rows):
        print(line)
    (args.out / "bench.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    print(f"per image: {args.out / 'bench.json'}")


if __name__ == "__main__":
    main()
