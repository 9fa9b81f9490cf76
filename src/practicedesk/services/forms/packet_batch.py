"""Every surgical packet of a day, one after another: "print all of tomorrow's".

Each packet is made (and audited as printed) on its own, exactly as one visit's packet is
(`FormService.packet`), and handed over whole before the next is begun. So a batch cancelled
through its `Progress` simply stops between two packets: those handed over are whole
documents and stay; those not made were never audited as printed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from practicedesk.progress import NO_PROGRESS, Progress
from practicedesk.services.forms.filling import FormService
from practicedesk.services.schedule.records import AppointmentInfo


def make_packets(
    forms: FormService, visits: Sequence[AppointmentInfo], progress: Progress = NO_PROGRESS
) -> Iterator[tuple[AppointmentInfo, bytes]]:
    """Each visit with its packet, in the order given, until done or cancelled."""
    total = len(visits)
    for done, visit in enumerate(visits):
        if progress.cancelled:
            return
        progress.report(done, total, f"Making the packet for {visit.patient_name}…")
        yield visit, forms.packet(visit.id)
    progress.report(total, total, "All packets made.")
