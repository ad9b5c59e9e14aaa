"""Render the screenshot corpus: every message of messages.py in its app's look, in
Debian's Chromium at phone (or laptop) sizes and pixel densities, some with a status bar,
a second bubble or JPEG blur. Deterministic, and cached in OUT_DIR/manifest.json by a hash
of everything that shapes the images.

    python -m bot.tests.screenshots.corpus OUT_DIR [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFilter

from bot.tests.screenshots.messages import (
    FOLLOW_UPS_FORMAL,
    FOLLOW_UPS_INFORMAL,
    MESSAGES,
    RESIDENT_REPLIES,
    ScamMessage,
)
from bot.tests.screenshots.pages import Bubble, Scene, is_number, page_html

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]
HERE = Path(__file__).resolve().parent
MANIFEST = "manifest.json"
# The modules that shape the images (with templates/): a change to one renders anew.
CODE = ("messages.py", "pages.py", "corpus.py")
# Bump to re-render when something outside this package changes the images.
FORMAT = 1

STYLES = ("sms-light", "sms-dark", "whatsapp-light", "whatsapp-dark", "email", "web")
VARIANTS = ("status-bar", "second-bubble", "jpeg-blur")
PHONE_STYLES = STYLES[:4]
# Phones in CSS pixels by device pixel ratio: a 720-pixel-wide Android, an iPhone 12-15.
PHONES = {2: (360, 780), 3: (390, 844)}
LAPTOP = (1280, 800)
JPEG_QUALITY = 70
BLUR_RADIUS = 0.6
# Every seventh message is rendered a second time, in its app's other theme (or, for
# e-mail and web pages, at the other density), so some messages appear in two styles.
SECOND_STYLE_EVERY = 7
DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
# A message that says 'u', 'uw' or 'wij' is formal; the scammer's follow-up keeps to that.
FORMAL = re.compile(r"\b(?:u|uw|wij)\b", re.IGNORECASE)
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class Shot:
    path: Path  # the image file (.png, or .jpg for 'jpeg-blur')
    message: ScamMessage
    style: str  # one of STYLES
    scale: int  # device pixel ratio
    variant: tuple[str, ...]  # some of VARIANTS
    # What a perfect reader reads from the bubbles (or e-mail body, or page text) in
    # reading order, one bubble after another separated by '\n': no status bar, app
    # chrome, header, subject, timestamps or buttons.
    truth: str


def viewport(style: str, scale: int) -> tuple[int, int]:
    """The CSS viewport of a style at a scale: a phone, or a laptop for e-mail and web."""
    return PHONES[scale] if style in PHONE_STYLES else LAPTOP


@dataclass(frozen=True)
class Job:
    shot: Shot
    bubbles: tuple[Bubble, ...]
    scene: Scene


def first_style(message: ScamMessage, count: int) -> str:
    if message.kind in ("sms", "whatsapp"):
        return f"{message.kind}-{('light', 'dark')[count % 2]}"
    return message.kind


def other_style(style: str) -> str:
    """The app's other theme; e-mail and web pages have one look."""
    app, _, theme = style.partition("-")
    return f"{app}-{'dark' if theme == 'light' else 'light'}" if theme else style


def scales_for(style: str) -> tuple[int, int]:
    return (2, 3) if style in PHONE_STYLES else (1, 2)


def renderings() -> Iterator[tuple[ScamMessage, str, int]]:
    """(message, style, scale) in corpus order: each message once, themes and scales
    rotated per app, then the second renderings at the other theme and scale."""
    kinds: Counter[str] = Counter()
    styles: Counter[str] = Counter()
    seconds: list[tuple[ScamMessage, str, int]] = []
    for index, message in enumerate(MESSAGES):
        style = first_style(message, kinds[message.kind])
        kinds[message.kind] += 1
        low, high = scales_for(style)
        scale = (low, high)[styles[style] % 2]
        styles[style] += 1
        yield message, style, scale
        if index % SECOND_STYLE_EVERY == SECOND_STYLE_EVERY - 1:
            seconds.append((message, other_style(style), high if scale == low else low))
    yield from seconds


def second_bubble(message: ScamMessage, index: int) -> Bubble:
    """Mostly the resident answering a bare number; otherwise (and always for a named
    sender, like an SMS sender name one cannot answer) the scammer pushing on, in the
    register of the first bubble."""
    if is_number(message.sender) and index % 3 != 2:
        return Bubble(RESIDENT_REPLIES[index % len(RESIDENT_REPLIES)], outgoing=True)
    formal = FORMAL.search(message.text) is not None
    follow_ups = FOLLOW_UPS_FORMAL if formal else FOLLOW_UPS_INFORMAL
    return Bubble(follow_ups[index % len(follow_ups)], outgoing=False)


def variants(style: str, count: int) -> tuple[str, ...]:
    """The variants of a style's count-th image. Counted per style so that every style
    gets its share; odd moduli so that no variant goes with one scale only (scales
    alternate) and the variants combine now and then."""
    key = count + STYLES.index(style)
    phone = style in PHONE_STYLES
    chosen = []
    if phone and key % 7 in (0, 2, 5):  # 3 in 7 phone shots: about a third of all
        chosen.append("status-bar")
    if phone and key % 3 == 1:  # a third of the phone shots: about a fifth of all
        chosen.append("second-bubble")
    if key % 5 == 3:
        chosen.append("jpeg-blur")
    return tuple(chosen)


def plan(out_dir: Path) -> list[Job]:
    jobs: list[Job] = []
    per_style: Counter[str] = Counter()
    for index, (message, style, scale) in enumerate(renderings()):
        variant = variants(style, per_style[style])
        per_style[style] += 1
        bubbles = [Bubble(message.text, outgoing=False)]
        if "second-bubble" in variant:
            bubbles.append(second_bubble(message, index))
        scene = Scene(
            clock=f"{8 + index * 5 % 13}:{index * 17 % 60:02d}",
            battery=15 + index * 23 % 85,
            status_bar="status-bar" in variant,
            date=f"{DAYS[index % 7]} {1 + index * 3 % 28} {MONTHS[index % 12]}, "
            f"{7 + index % 12:02d}:{index * 13 % 60:02d}",
        )
        suffix = "jpg" if "jpeg-blur" in variant else "png"
        shot = Shot(
            path=out_dir / f"{index:02d}-{message.key}-{style}-{scale}x.{suffix}",
            message=message,
            style=style,
            scale=scale,
            variant=variant,
            truth="\n".join(bubble.text for bubble in bubbles),
        )
        jobs.append(Job(shot, tuple(bubbles), scene))
    return jobs


def inputs_digest(limit: int | None) -> str:
    """A hash of everything the images depend on: the messages, templates and code."""
    digest = hashlib.sha256(f"format={FORMAT} limit={limit}\n".encode())
    inputs = [HERE / name for name in CODE] + sorted((HERE / "templates").iterdir())
    for path in inputs:
        digest.update(str(path.relative_to(HERE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_manifest(out_dir: Path) -> dict[str, object]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def manifest_entry(shot: Shot) -> dict[str, object]:
    return {
        "file": shot.path.name,
        "key": shot.message.key,
        "kind": shot.message.kind,
        "style": shot.style,
        "scale": shot.scale,
        "variant": list(shot.variant),
        "truth": shot.truth,
        "domains": list(shot.message.domains),
        "ibans": list(shot.message.ibans),
        "phones": list(shot.message.phones),
    }


def cached(out_dir: Path, digest: str, shots: list[Shot]) -> bool:
    manifest = read_manifest(out_dir)
    return (
        manifest.get("inputs") == digest
        and manifest.get("shots") == [manifest_entry(shot) for shot in shots]
        and all(shot.path.is_file() for shot in shots)
    )


def render(jobs: list[Job]) -> None:
    """Screenshot every job's page in one browser, one page per viewport and density."""
    from playwright.sync_api import Page, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages: dict[tuple[int, int, int], Page] = {}
            for job in jobs:
                shot = job.shot
                width, height = viewport(shot.style, shot.scale)
                page = pages.get((width, height, shot.scale))
                if page is None:
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        device_scale_factor=shot.scale,
                        java_script_enabled=False,
                    )
                    page = pages[(width, height, shot.scale)] = context.new_page()
                page.set_content(page_html(shot.style, shot.message, job.bubbles, job.scene))
                # The whole page: a long message makes a taller (scrolled) screenshot
                # rather than a cut-off one, so the truth is always all in the picture.
                png = page.screenshot(full_page=True, animations="disabled", caret="hide")
                if "jpeg-blur" in shot.variant:
                    picture = Image.open(io.BytesIO(png)).convert("RGB")
                    picture = picture.filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
                    picture.save(shot.path, "JPEG", quality=JPEG_QUALITY)
                else:
                    shot.path.write_bytes(png)
        finally:
            browser.close()


def render_corpus(out_dir: Path, limit: int | None = None) -> list[Shot]:
    """The corpus's shots, rendered into out_dir unless its manifest says they are there."""
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = plan(out_dir)[:limit]
    shots = [job.shot for job in jobs]
    digest = inputs_digest(limit)
    if cached(out_dir, digest, shots):
        return shots
    old = read_manifest(out_dir).get("shots")
    stale = {
        entry["file"]
        for entry in (old if isinstance(old, list) else [])
        if isinstance(entry, dict) and isinstance(entry.get("file"), str)
    } - {shot.path.name for shot in shots}
    (out_dir / MANIFEST).unlink(missing_ok=True)
    render(jobs)
    for name in stale:
        (out_dir / Path(name).name).unlink(missing_ok=True)
    # Written last: an interrupted run leaves no manifest, so the next one renders again.
    manifest = {"inputs": digest, "shots": [manifest_entry(shot) for shot in shots]}
    (out_dir / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return shots


def summary(shots: list[Shot]) -> list[str]:
    lines = []
    for style in STYLES:
        mine = [shot for shot in shots if shot.style == style]
        scales = Counter(shot.scale for shot in mine)
        variants = Counter(name for shot in mine for name in shot.variant)
        lines.append(
            f"{style:15} {len(mine):3} images  "
            + " ".join(f"{scale}x:{scales[scale]}" for scale in sorted(scales))
            + "  "
            + " ".join(f"{name}:{variants[name]}" for name in VARIANTS)
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="render only the first N shots")
    args = parser.parse_args()
    started = time.monotonic()
    shots = render_corpus(args.out_dir, args.limit)
    for line in summary(shots):
        print(line)
    messages = len({shot.message.key for shot in shots})
    print(
        f"{len(shots)} images of {messages} messages in {args.out_dir} "
        f"({time.monotonic() - started:.1f} s)"
    )


if __name__ == "__main__":
    main()
