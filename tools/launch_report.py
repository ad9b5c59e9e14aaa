"""What tools/launch_bench.py prints: a step's figures, and per topology the table, the
knee and whether the target of issue 13 is met (40 msg/s at p95 <= 150 ms, with no
errors and no degraded answers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.launch_bench import Step

PER_RESIDENT = 5  # messages a resident sends
RAMP_SECONDS = 5.0  # about one resident's length: the sent rate is steady after it
TARGET_RATE, TARGET_P95_MS = 40.0, 150.0


def print_step(step: Step) -> None:
    where = "via the gateway" if step.target == "gateway" else "directly to Rasa replica 1"
    print(
        f"\n{where}, {step.rate:g} msg/s offered ({step.rate / PER_RESIDENT:g} residents/s "
        f"for {step.seconds:g} s): {step.residents} residents, {step.sent} messages, "
        f"{step.handed_off} handed off; sent {step.sent_rate:.1f} msg/s, answered "
        f"{step.achieved:.1f} msg/s (after the {min(RAMP_SECONDS, step.seconds / 2):g} s ramp)"
    )
    print(
        f"  p50 {step.ms(0.5):.1f} ms  p95 {step.ms(0.95):.1f} ms  p99 {step.ms(0.99):.1f} ms"
        f"  errors {step.errors} (non-200 {step.non_200}, timeouts {step.timeouts}, "
        f"connection {step.connection_errors}, unfinished {step.unfinished})"
        + (f"  degraded {step.degraded}" if step.target == "gateway" else "")
    )
    print(f"  {'process':<22} {'CPU % of a core (steady)':>24} {'RSS MB (end)':>12}")
    for name, cpu in step.cpu_percent.items():
        print(f"  {name:<22} {cpu:>24.1f} {step.rss_mb[name]:>12.0f}")


def failed(step: Step) -> bool:
    return not step.ms(0.95) <= TARGET_P95_MS or step.errors > 0 or step.degraded > 0


def print_summary(via: list[Step], direct: list[Step]) -> None:
    print("\n| offered msg/s | via gateway p50 / p95 / p99 ms | errors | degraded "
          "| direct p50 / p95 / p99 ms | errors |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for g, d in zip(via, direct, strict=True):
        print(
            f"| {g.rate:g} | {g.ms(0.5):.0f} / {g.ms(0.95):.0f} / {g.ms(0.99):.0f} | {g.errors} "
            f"| {g.degraded} | {d.ms(0.5):.0f} / {d.ms(0.95):.0f} / {d.ms(0.99):.0f} | {d.errors} |"
        )
    knee = next((step for step in via if failed(step)), None)
    if knee is None:
        print(f"\nknee: none up to {via[-1].rate:g} msg/s (p95 <= {TARGET_P95_MS:g} ms, no errors)")
    else:
        print(
            f"\nknee: {knee.rate:g} msg/s (p95 {knee.ms(0.95):.0f} ms, {knee.errors} errors, "
            f"{knee.degraded} degraded): the lowest offered rate over the bar"
        )
    print(f"target {verdict(via)}")


def verdict(via: list[Step]) -> str:
    at_target = next((step for step in via if step.rate == TARGET_RATE), None)
    if at_target is None:
        return f"({TARGET_RATE:g} msg/s): not measured (not in --rates)"
    return (
        f"({TARGET_RATE:g} msg/s, p95 <= {TARGET_P95_MS:g} ms, 0 errors, 0 degraded): "
        f"{'not met' if failed(at_target) else 'met'} (p95 {at_target.ms(0.95):.0f} ms, "
        f"{at_target.errors} errors, {at_target.degraded} degraded, "
        f"sent {at_target.sent_rate:.1f} msg/s)"
    )
