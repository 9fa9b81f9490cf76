"""Measured in a fresh process: applying 10,000 changes from another PC, and an empty round.

`python -m benchmarks.sync_probe FOLDER RUNS` builds two PCs of one practice in FOLDER (the
front desk starts sync on a shared folder, the hygiene PC joins it), makes 10,000 changes on
the front desk (5,000 new patients, each with a phone: two rows apiece) and writes them out.
Then, RUNS times, on a fresh copy of the hygiene PC's folder: `session.sync.run_round()`
timed whole (the batches read and opened, the changes logged, every row folded and written,
search words and the checks for double bookings and duplicate patients). Afterwards, on the
caught-up copy, RUNS × 5 rounds with nothing new. Prints one JSON line.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from faker import Faker

from practicedesk.security.kdf import KdfParams
from practicedesk.services.joining import join_practice
from practicedesk.services.opening import NewOwner, create_practice, open_practice
from practicedesk.services.patients.listing import NewPatient
from practicedesk.services.practice.details import PracticeDetails

PASSWORD = "lunar otter quietly paints"
KDF = KdfParams(iterations=1, memory_kib=64, lanes=1)  # the figures are about sync, not keys
PATIENTS = 5_000


def main() -> int:
    folder, runs = Path(sys.argv[1]), int(sys.argv[2])
    share = folder / "share"
    share.mkdir(parents=True)
    front = create_practice(
        folder / "front",
        PracticeDetails("Benchmark Dental", "America/Chicago"),
        NewOwner("owner", "Owner", PASSWORD),
        kdf_params=KDF,
    ).session
    front.sync.start(share, "Front desk")
    front.sync.run_round()
    hygiene, _ = join_practice(folder / "hygiene", share, "owner", PASSWORD, "Hygiene")
    hygiene.close()
    fake = Faker("en_US")
    Faker.seed(7)
    front.patients.add_many(
        [
            NewPatient(
                fake.first_name(),
                fake.last_name(),
                date_of_birth=fake.date_of_birth(minimum_age=1, maximum_age=95),
                phone=f"+1503555{index:04d}",
            )
            for index in range(PATIENTS)
        ],
        reason="benchmark",
    )
    sent = front.sync.run_round().sent
    front.close()
    apply_times, received = [], 0
    for run in range(runs):
        copy = folder / f"hygiene-{run}"
        shutil.copytree(folder / "hygiene", copy)
        with open_practice(copy, "owner", PASSWORD) as session:
            started = time.perf_counter()
            report = session.sync.run_round()
            apply_times.append(time.perf_counter() - started)
            received = report.received
            if run == runs - 1:
                session.sync.run_round()  # its own pc.json and nothing else new
                empty = []
                for _ in range(runs * 5):
                    started = time.perf_counter()
                    session.sync.run_round()
                    empty.append(time.perf_counter() - started)
        if run < runs - 1:
            shutil.rmtree(copy)
    print(json.dumps({"apply": apply_times, "empty": empty, "sent": sent, "received": received}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
