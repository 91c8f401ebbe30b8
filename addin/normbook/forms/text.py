"""Text hygiene for forms: characters a .docx cannot hold, and safe file names."""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 forbids C0 controls other than tab, newline and carriage return, lone surrogates and
# U+FFFE/U+FFFF; a file holding one is refused by Word and LibreOffice. DEL and the C1
# controls are allowed but "discouraged" by the XML spec, and never belong in a form either.
# Bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069) make
# text display in another order than it is stored (a spoofing trick), and in a long cell they
# make LibreOffice's layout run for minutes.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                         "\u202a-\u202e\u2066-\u2069]")

# Characters Windows, macOS or Linux refuse in file names, and what shells make awkward.
_BAD_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def unwritable(text: str) -> list[str]:
    """The characters of ``text`` a form must not hold, each as U+XXXX (empty when clean)."""
    return [f"U+{ord(c):04X}" for c in _UNWRITABLE.findall(text)]


def clean(text: str) -> str:
    """``text`` without the characters a form must not hold; line ends made ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNWRITABLE.sub("", text)


def safe_filename(stem: str, *, limit: int = 60) -> str:
    """A file name stem that every common file system accepts (never empty)."""
    stem = unicodedata.normalize("NFC", clean(stem))
    stem = _BAD_IN_NAME.sub("_", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" .")[:limit].strip(" .")
    if not stem or stem.upper().split(".")[0] in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem


_SCIENTIFIC = re.compile(r"(\d\.\d{0,5})\d*(E\+?\d+)", re.IGNORECASE)
#: A value with this many digits or more may be (most of) an ID number: it is masked.
MASK_FROM_DIGITS = 10


def masked_id(value: str) -> str:
    """An ID number as reports, file names and the terminal show it: the first six (the
    address code) and the last four characters, the birth date and the rest starred
    (``330106********1235``); only the form itself holds the full number.

    What an ID number cell holds when it is mistyped is masked the same way as long as it has
    :data:`MASK_FROM_DIGITS` digits or more (``3301061985051212`` too short, a 15-digit
    first-generation number); a value with fewer digits cannot identify anyone and is shown
    as it is, so the report still says what the cell holds (``#N/A``, a formula, ``-``). One
    in scientific notation (the cell held the ID as a number) keeps its first digits and the
    exponent (``3.30106…E+17``).
    """
    value = value.strip()
    if (m := _SCIENTIFIC.fullmatch(value)) is not None:
        return f"{m.group(1)}…{m.group(2)}"
    if sum(c.isdigit() for c in value) < MASK_FROM_DIGITS:
        return value
    if len(value) <= 10:
        return "*" * (len(value) - 4) + value[-4:]
    return value[:6] + "*" * (len(value) - 10) + value[-4:]
