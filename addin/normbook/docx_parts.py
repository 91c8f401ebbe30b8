"""Building blocks of the Word templates (templates/build_*.py) and reproducible .docx bytes.

The template scripts build with python-docx; what both need lives here once: fonts named on
every slot (East Asian included, docxtpl #507), document defaults, pruning python-docx's
default template, an A4 page, and a zip with fixed timestamps so a rebuild gives the same
bytes. python-docx is imported inside the functions: :func:`fixed_zip` serves the form batch
too, which must stay light to import.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from .i18n import Domain

_ = Domain(__name__)

#: Member time of every zip entry (the earliest a zip can hold).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: openpyxl and python-docx stamp the time of the run into docProps/core.xml.
_MODIFIED = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*"
                       rb"(</dcterms:(?:created|modified)>)")


def rewrite_zip(data: bytes, edit: Callable[[str, bytes], bytes] | None = None, *,
                fixed: bool = False) -> bytes:
    """The zip with each member passed through ``edit(name, body)``, in one pass; ``fixed``:
    fixed timestamps (members, core properties' created and modified), so the same content
    gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if edit is not None:
                body = edit(info.filename, body)
            if fixed:
                info = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                if info.filename == "docProps/core.xml":
                    body = _MODIFIED.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", body)
            dst.writestr(info, body)
    return out.getvalue()


def fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps (members, core properties' created and modified):
    same content, same bytes."""
    return rewrite_zip(data, fixed=True)


def name_fonts(r_pr, latin: str, east_asia: str, *, hint_east_asia: bool = False) -> None:
    """Name ``latin`` and ``east_asia`` explicitly on a run (or style) property element.

    Theme font attributes are removed: a theme font would override the named one.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_attr), None)
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    if hint_east_asia:  # ambiguous characters (quotes, dashes) take the East Asian font
        fonts.set(qn("w:hint"), "eastAsia")


def set_defaults(document, *, latin: str, east_asia: str, size, lang: dict[str, str],
                 hint_east_asia: bool = False) -> None:
    """Fonts, size and language for the whole document: docDefaults and the Normal style.

    Paragraphs get single spacing and nothing after them, so table cells do not grow.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    name_fonts(r_pr, latin, east_asia, hint_east_asia=hint_east_asia)
    element = r_pr.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        r_pr.append(element)
    for attribute, value in lang.items():
        element.set(qn(f"w:{attribute}"), value)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    normal = document.styles["Normal"]
    normal.font.name = latin
    normal.font.size = size
    name_fonts(normal.element.get_or_add_rPr(), latin, east_asia, hint_east_asia=hint_east_asia)


def prune(document, *, numbering: bool = False) -> None:
    """Drop what python-docx's default template carries and a template never uses.

    Its latent and unused styles (350 kB), stylesWithEffects.xml (440 kB), a customXml item and
    a thumbnail of another document would be parsed and written again on every render. With
    ``numbering`` the list definitions go too (they name list styles no longer there).
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    styles = document.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    keep = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in keep:
            styles.remove(style)
    dropped = {RT.CUSTOM_XML,
               "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
    if numbering:
        dropped.add(RT.NUMBERING)
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype in dropped:
            del document.part.rels[r_id]
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[r_id]


def a4_portrait(section, margins_cm: dict[str, float]) -> None:
    """An A4 portrait page with the given top, bottom, left and right margins in cm."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = Cm(margins_cm["top"])
    section.bottom_margin = Cm(margins_cm["bottom"])
    section.left_margin = Cm(margins_cm["left"])
    section.right_margin = Cm(margins_cm["right"])


def document_bytes(document) -> bytes:
    """The document saved with fixed timestamps (see :func:`fixed_zip`)."""
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def build_main(build, default_output, argv: list[str]) -> int:
    """The template scripts' command line: write ``build()`` to argv[0] or the default path."""
    from pathlib import Path

    target = Path(argv[0]) if argv else Path(default_output)
    target.write_bytes(build())
    print(_("wrote {path}", path=target))
    return 0
