"""Fitting text into boxes cut out of the paper (labels, postcards): there, text that runs
over is not carried to a next page but printed on the next label or off the card, and an
address cut short may not arrive. So a block is set smaller first, then its long lines are
broken between words, and a line is shortened with "…" only when nothing else fits."""

from __future__ import annotations

from collections.abc import Sequence

from practicedesk.documents.fonts import SANS, SANS_BOLD, text_width

SMALLEST = 7.0  # points: smaller than this is hard to read on an envelope
_STEP = 0.5


def fit_line(line: str, font: str, size: float, width: float) -> tuple[str, float]:
    """`line` and the size to set it at: `size` if it fits `width`, else smaller, half a
    point at a time down to 7 points, and only then shortened with "…"."""
    while size > SMALLEST and text_width(line, font, size) > width:
        size = max(SMALLEST, size - _STEP)
    return _shortened(line, font, size, width), size


def fit_block(
    lines: Sequence[str], size: float, width: float, most_lines: int, smallest: float = 8.0
) -> tuple[list[tuple[str, str]], float]:
    """An address block (its first line the name, set bold) as (text, font) lines and one
    size for all of them: the largest from `size` down to `smallest` at which every line
    fits `width`; failing that, at `smallest`, a long line broken between words onto the
    next (if the block then has no more than `most_lines`), and what is still too wide
    shortened with "…"."""
    given = [(line.strip(), SANS_BOLD if n == 0 else SANS) for n, line in enumerate(lines)]
    given = [(text, font) for text, font in given if text][:most_lines]
    while size >= smallest:
        if all(text_width(text, font, size) <= width for text, font in given):
            return given, size
        size -= _STEP
    size = smallest
    broken = [(piece, font) for text, font in given for piece in _broken(text, font, size, width)]
    chosen = broken if len(broken) <= most_lines else given
    return [(_shortened(text, font, size, width), font) for text, font in chosen], size


def _broken(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` in as few lines as fit `width`, broken only between words."""
    pieces: list[str] = []
    for word in text.split():
        if pieces and text_width(f"{pieces[-1]} {word}", font, size) <= width:
            pieces[-1] = f"{pieces[-1]} {word}"
        else:
            pieces.append(word)
    return pieces


def _shortened(line: str, font: str, size: float, width: float) -> str:
    if text_width(line, font, size) <= width:
        return line
    while len(line) > 1 and text_width(line.rstrip() + "…", font, size) > width:
        line = line[:-1]
    return line.rstrip() + "…"
