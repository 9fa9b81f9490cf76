"""Which encoding another program saved a text file in: known for certain where the file says
so, guessed where it does not, or named by the person importing it.

Certain first, and cheap: a byte-order mark (UTF-8, UTF-16, UTF-32), or bytes that are valid
UTF-8 (text in any other encoding almost never is). Otherwise charset-normalizer guesses
(docs/decisions/0014-charset-normalizer.md), among the encodings an office's old system could
have written (ENCODINGS): UTF-16 without a byte-order mark only when the file holds NUL bytes
(its ASCII letters have a zero byte beside them; text in another encoding never does), a
single- or multi-byte code page otherwise. On a short list of names the Western code pages
often read equally well (Windows-1250, -1252 and Latin-1 write "Müller" alike and differ in
rarer letters); where Windows-1252 reads as well as the best guess it is taken, as what older
Windows programs in the offices PracticeDesk serves wrote. A guess can be wrong: the import
shows the first rows as read, and the person can name the encoding instead
(`decode(data, name)`).

Nothing here knows CSV; refusals are one sentence and never quote the file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from practicedesk.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Encoding:
    name: str  # as PracticeDesk says it: "Shift-JIS"
    codec: str  # as Python knows it: "cp932"
    description: str  # what it is for, for a person choosing: "Japanese (Windows)"


ENCODINGS = (
    Encoding("UTF-8", "utf-8", "Unicode (UTF-8)"),
    Encoding("UTF-16 LE", "utf-16-le", "Unicode (UTF-16, little-endian)"),
    Encoding("UTF-16 BE", "utf-16-be", "Unicode (UTF-16, big-endian)"),
    Encoding("Windows-1252", "cp1252", "Western European (Windows)"),
    Encoding("Latin-1", "latin-1", "Western European (ISO 8859-1)"),
    Encoding("ISO 8859-15", "iso8859-15", "Western European with € (ISO 8859-15)"),
    Encoding("Mac Roman", "mac-roman", "Western European (older Macs)"),
    Encoding("Windows-1250", "cp1250", "Central European (Windows)"),
    Encoding("Windows-1251", "cp1251", "Cyrillic (Windows)"),
    Encoding("KOI8-R", "koi8-r", "Cyrillic (KOI8-R)"),
    Encoding("Windows-1253", "cp1253", "Greek (Windows)"),
    Encoding("Windows-1254", "cp1254", "Turkish (Windows)"),
    Encoding("Windows-1255", "cp1255", "Hebrew (Windows)"),
    Encoding("Windows-1256", "cp1256", "Arabic (Windows)"),
    Encoding("Windows-1257", "cp1257", "Baltic (Windows)"),
    Encoding("Windows-1258", "cp1258", "Vietnamese (Windows)"),
    Encoding("Windows-874", "cp874", "Thai (Windows)"),
    Encoding("Shift-JIS", "cp932", "Japanese (Shift-JIS, Windows)"),
    Encoding("EUC-JP", "euc-jp", "Japanese (EUC-JP)"),
    Encoding("GB18030", "gb18030", "Chinese, simplified (GB18030, GBK, GB2312)"),
    Encoding("Big5", "cp950", "Chinese, traditional (Big5)"),
    Encoding("EUC-KR", "cp949", "Korean (EUC-KR, Windows)"),
)
_BY_CODEC = {codecs.lookup(e.codec).name: e for e in ENCODINGS}
# What the guesser may call an encoding whose superset the table holds.
_BY_CODEC.update(
    {
        "shift_jis": _BY_CODEC["cp932"],
        "euc_kr": _BY_CODEC["cp949"],
        "big5": _BY_CODEC["cp950"],
        "gbk": _BY_CODEC["gb18030"],
        "gb2312": _BY_CODEC["gb18030"],
    }
)
_WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_NARROW = tuple(e.codec for e in ENCODINGS if not e.codec.startswith("utf-"))
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16 LE: it starts the same way
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_BINARY = "The file holds binary data, not text; it is not a CSV file."


def find(name: str) -> Encoding:
    """An encoding a person named, by PracticeDesk's name or Python's ("shift_jis")."""
    wanted = _plain(name)
    for encoding in ENCODINGS:
        if wanted in (_plain(encoding.name), _plain(encoding.codec)):
            return encoding
    try:
        found = _BY_CODEC.get(codecs.lookup(name).name)
    except LookupError:
        found = None
    if found is None:
        raise InvalidInput(
            f"PracticeDesk does not know the encoding {name[:40]!r}; use one of "
            f"{', '.join(e.name for e in ENCODINGS)}."
        )
    return found


def _plain(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def decode(data: bytes, name: str | None = None) -> tuple[str, str]:
    """The text and the name of its encoding: the one named, or the one found."""
    if name is not None:
        named = find(name)
        return _checked(_strict(data, named.codec, named.name).removeprefix("\ufeff")), named.name
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data, codec, label)), label
    if data.startswith(b"PK\x03\x04"):
        raise InvalidInput(
            "The file is an Excel workbook or another zip file, not CSV; in Excel choose "
            "Save As → CSV UTF-8 and import that file."
        )
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            pass
    return _guessed(data)


def _guessed(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # 40 ms to import; most files are UTF-8

    wide = b"\x00" in data  # ASCII in UTF-16 or UTF-32; binary otherwise
    matches = list(from_bytes(data, cp_isolation=list(_WIDE if wide else _NARROW)))
    calmest = min((match.chaos for match in matches), default=0.0)
    if any("cp1252" in m.could_be_from_charset and m.chaos <= calmest for m in matches):
        try:  # as plausible as any other guess: what Western offices' old programs wrote
            return data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            pass  # bytes Windows-1252 leaves undefined: another code page after all
    for match in matches:
        codec = codecs.lookup(match.encoding).name
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue  # judged on samples of a large file; try the next guess
        encoding = _BY_CODEC.get(codec)
        return _checked(text), encoding.name if encoding else codec.upper()
    if wide:
        raise InvalidInput(_BINARY)
    raise InvalidInput(
        "The file is not text in an encoding PracticeDesk recognizes; save it as CSV UTF-8."
    )


def _strict(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInput(
            f"The file is not {label} text (line {line} holds bytes {label} does not have); "
            "choose the encoding it was saved in, or save it as CSV UTF-8."
        ) from None


def _checked(text: str) -> str:
    if "\x00" in text:
        raise InvalidInput(_BINARY)
    return text
