"""A treatment plan on paper: each phase's procedures with the fee, the insurance estimate and
the patient's portion, totals that add up, the estimate said in words, and a signature line
that holds the patient's strokes once signed."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from PIL import Image, ImageDraw
from pypdf import PdfReader

from practicedesk.documents.pages import Letterhead
from practicedesk.documents.treatment_plan import (
    PaperItem,
    PaperSignature,
    PlanPaper,
    render_treatment_plan,
)
from tests.documents.page_images import ink, needs_pdftoppm, page_images
from tests.documents.placed_text import placed_text

LETTERHEAD = Letterhead("Harbor Test Dental", ["12 Quay Street", "Portsmouth, NH 03801"],
                        "(603) 436-2200")  # fmt: skip
ITEMS = (
    PaperItem(1, "D2391", "White filling back: one surface", "30", 18_000, 10_400, 7_600),
    PaperItem(1, "D0120", "Periodic exam", "", 6_500, 5_000, 0),
    PaperItem(2, "D2740", "Crown: porcelain/ceramic", "3", 125_000, 62_500, 62_500),
    PaperItem(2, "D9944", "Night guard", "", 55_000, 27_500, 27_500, declined=True),
)


def _paper(signature: PaperSignature | None = None, items=ITEMS) -> PlanPaper:  # type: ignore[no-untyped-def]
    return PlanPaper(
        "Ana Alvarez", "06/09/1984", "Upper right", date(2026, 12, 5), "Bluewater Dental PPO",
        "Plan pays 100%/80%/50% (preventive/basic/major).", items, signature,
    )  # fmt: skip


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(pdf)).pages
    )


def test_the_plan_lists_each_phase_with_its_estimate_and_the_totals(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = _text(render_treatment_plan(LETTERHEAD, _paper()))
    assert "Harbor Test Dental" in text and "Ana Alvarez" in text and "Upper right" in text
    for expected in (
        "Phase 1", "Phase 2", "D2391", "White filling back: one surface", "30",
        "Phase 1 total $245.00 $154.00 $76.00", "Phase 2 total $1,250.00 $625.00 $625.00",
        "Total fees $1,495.00", "Less the plan's contracted discount -$15.00",
        "Less the estimate Bluewater Dental PPO should pay -$779.00",
        "Your estimated portion $701.00", "This is an estimate, not a promise of payment",
        "Patient or guardian's signature", "Print name",
    ):  # fmt: skip
        assert expected in text, expected
    declined = text[text.index("Declined") :]
    assert "D9944" in declined and "$550.00" in declined
    assert "$275.00" not in text  # a declined item's estimate is not printed


def test_a_plan_of_one_phase_is_not_split_into_phases() -> None:
    one = tuple(i for i in ITEMS if i.phase == 1)
    text = _text(render_treatment_plan(LETTERHEAD, _paper(items=one)))
    assert "Phase 1" not in text and "Planned procedures" in text
    assert "Total $245.00 $154.00 $76.00" in text


@needs_pdftoppm
def test_a_signed_plan_shows_the_strokes_on_the_signature_line() -> None:
    picture = Image.new("RGB", (400, 80), "white")
    ImageDraw.Draw(picture).line([(10, 60), (120, 10), (220, 70), (390, 20)], fill="black",
                                 width=6)  # fmt: skip
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    signed = PaperSignature("Ana Alvarez", "12/05/2026 10:14 AM", buffer.getvalue())
    unsigned_pdf = render_treatment_plan(LETTERHEAD, _paper())
    signed_pdf = render_treatment_plan(LETTERHEAD, _paper(signed))
    assert "Signed on 12/05/2026 10:14 AM by Ana Alvarez" in _text(signed_pdf)
    assert "Print name" not in _text(signed_pdf)
    (unsigned_page,) = page_images(unsigned_pdf)
    (signed_page,) = page_images(signed_pdf)
    line = _above_the_signature_line(unsigned_pdf)
    assert ink(unsigned_page, line) is None
    assert ink(signed_page, line) is not None


def _above_the_signature_line(pdf: bytes) -> tuple[float, float, float, float]:
    """The half inch above the rule that "Patient or guardian's signature" is printed under,
    from its left end three inches across, in inches from the page's top left."""
    (page,) = placed_text(pdf)
    caption = next(p for p in page if p.text.startswith("Patient or guardian"))
    bottom = 11 - (caption.y + caption.size + 6) / 72
    return (caption.x / 72, bottom - 0.5, caption.x / 72 + 3, bottom)
