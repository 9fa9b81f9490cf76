"""Generated ledgers of one account, as sync may deliver them, for the ledger and aging tests."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from hypothesis import strategies as st

from practicedesk.domain.ledger import ClaimEstimate, Entry, EntryKind, reversal_of

ACCOUNT = uuid.UUID(int=1)
OTHER_ACCOUNT = uuid.UUID(int=2)
PATIENTS = (uuid.UUID(int=3), uuid.UUID(int=4))
CLAIMS = (uuid.UUID(int=10), uuid.UUID(int=11))
DAY0 = date(2026, 1, 5)
SIGNS = {
    EntryKind.CHARGE: (1,),
    EntryKind.REFUND: (1,),
    EntryKind.PAYMENT: (-1,),
    EntryKind.INSURANCE_PAYMENT: (-1,),
    EntryKind.ADJUSTMENT: (1, -1),
    EntryKind.BROUGHT_FORWARD: (1, -1),
}


@st.composite
def ledgers(draw: st.DrawFn, max_size: int = 14) -> list[Entry]:
    """Entries of one account as they may stand after sync: any kinds, some reversed, some
    (made on two PCs before they met) reversed twice. Ids sort in no relation to dates."""
    entries: list[Entry] = []
    for n in range(draw(st.integers(0, max_size))):
        new_id = uuid.UUID(int=(draw(st.integers(0, 999)) << 16) | n)
        day = DAY0 + timedelta(days=draw(st.integers(0, 200)))
        kind = draw(st.sampled_from(list(EntryKind)))
        if kind is EntryKind.REVERSAL:
            targets = [e for e in entries if e.kind is not EntryKind.REVERSAL]
            if targets:
                entries.append(
                    reversal_of(draw(st.sampled_from(targets)), new_id=new_id, posted_on=day)
                )
            continue
        sign = draw(st.sampled_from(SIGNS[kind]))
        claim = draw(
            st.sampled_from(CLAIMS if kind is EntryKind.INSURANCE_PAYMENT else (None, *CLAIMS))
        )
        patient = draw(st.sampled_from(PATIENTS))
        amount = sign * draw(st.integers(1, 50_000))
        entries.append(Entry(new_id, ACCOUNT, patient, kind, amount, day, claim))
    return entries


claim_lists = st.lists(
    st.builds(ClaimEstimate, st.sampled_from(CLAIMS), st.integers(0, 80_000), st.booleans()),
    unique_by=lambda claim: claim.claim_id,
)


def shuffled_with_repeats(entries: list[Entry], rnd: random.Random) -> list[Entry]:
    delivered = entries + [rnd.choice(entries) for _ in range(len(entries) // 2)] if entries else []
    rnd.shuffle(delivered)
    return delivered
