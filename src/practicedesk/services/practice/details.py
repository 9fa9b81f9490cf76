"""The practice's own details: what letterheads, packets and the Emergency Kit print."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicedesk.errors import InvalidInput
from practicedesk.security.roles import Permission
from practicedesk.services import audit
from practicedesk.services.areas import Area
from practicedesk.services.context import Context
from practicedesk.store.models import Practice


@dataclass(frozen=True, slots=True)
class PracticeDetails:
    name: str
    time_zone: str
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    phone: str = ""
    email: str = ""

    def validated(self) -> PracticeDetails:
        """Trimmed copy, or `InvalidInput` naming the field that is wrong."""
        cleaned = PracticeDetails(**{k: str(v).strip() for k, v in asdict(self).items()})
        if not cleaned.name:
            raise InvalidInput("The practice needs a name.")
        if len(cleaned.name) > 200:
            raise InvalidInput("The practice name is too long (at most 200 characters).")
        check_time_zone(cleaned.time_zone)
        if cleaned.email and "@" not in cleaned.email:
            raise InvalidInput("The practice e-mail address does not look right.")
        return cleaned

    @property
    def address_lines(self) -> list[str]:
        place = " ".join(part for part in (self.region, self.postal_code) if part)
        city = ", ".join(part for part in (self.city, place) if part)
        return [line for line in (self.street, city) if line]


def check_time_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"'{name}' is not a time zone this PC knows. Pick one from the list, "
            "such as America/New_York."
        ) from None


def details_of(row: Practice) -> PracticeDetails:
    return PracticeDetails(**{f.name: getattr(row, f.name) for f in fields(PracticeDetails)})


MAX_LOGO_BYTES = 2 * 1024 * 1024


def read_details(session: Session) -> PracticeDetails:
    return details_of(_the_practice(session))


def read_logo(session: Session) -> bytes | None:
    return _the_practice(session).logo


class PracticeService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def details(self) -> PracticeDetails:
        with self._ctx.db.reading() as session:
            return read_details(session)

    def update(self, details: PracticeDetails) -> PracticeDetails:
        self._ctx.require(Permission.EDIT_PRACTICE)
        details = details.validated()
        with self._ctx.db.writing() as session:
            row = _the_practice(session)
            changed = [
                f.name
                for f in fields(PracticeDetails)
                if getattr(row, f.name) != getattr(details, f.name)
            ]
            for name in changed:
                setattr(row, name, getattr(details, name))
            if changed:
                audit.record(
                    session,
                    self._ctx.actor,
                    audit.Action.PRACTICE_CHANGED,
                    "changed: " + ", ".join(name.replace("_", " ") for name in changed),
                    subject_type="practice",
                    subject_id=str(row.id),
                )
        self._ctx.announce(Area.PRACTICE)
        return details

    # -- the letterhead's logo ------------------------------------------------------------

    def logo(self) -> bytes | None:
        with self._ctx.db.reading() as session:
            return read_logo(session)

    def set_logo(self, content: bytes | None) -> None:
        """A PNG or JPEG of at most 2 MB, or None to print without one. Kept in the database
        (not beside it) so backups and sync carry it with the practice's other details."""
        self._ctx.require(Permission.EDIT_PRACTICE)
        if content is not None:
            if not content.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
                raise InvalidInput("The logo must be a PNG or JPEG picture.")
            if len(content) > MAX_LOGO_BYTES:
                raise InvalidInput("The logo is larger than 2 MB; save it smaller.")
        with self._ctx.db.writing() as session:
            row = _the_practice(session)
            row.logo = content
            audit.record(
                session, self._ctx.actor, audit.Action.PRACTICE_CHANGED,
                "logo removed" if content is None else "logo changed",
                subject_type="practice", subject_id=str(row.id),
            )  # fmt: skip
        self._ctx.announce(Area.PRACTICE)


def _the_practice(session: Session) -> Practice:
    return session.scalars(select(Practice).where(Practice.deleted_at.is_(None))).one()


def guess_time_zone() -> str | None:
    """This PC's IANA time zone, for the set-up defaults; None if it cannot be told."""
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
    except Exception:  # tzlocal raises several kinds on odd systems; a guess may fail quietly
        return None
    if not name:
        return None
    try:
        check_time_zone(name)
    except InvalidInput:
        return None
    return name


def time_zone_names() -> list[str]:
    from zoneinfo import available_timezones

    return sorted(
        name for name in available_timezones() if "/" in name and not name.startswith("Etc/")
    )
