"""The .docx file: its zip bounded before a member is read, its XML parts UTF-8 without a DTD."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from ..errors import shown
from ..i18n import Domain
from .limits import (
    MAX_DIRECTORY,
    MAX_MEMBERS,
    MAX_TEMPLATE_FILE,
    MAX_UNPACKED,
    MAX_XML_PART,
    TemplateFileRefused,
)

_ = Domain(__name__)


def _directory_size(data: bytes) -> int | None:
    """The size of a zip's central directory as its end record says (zip64 too), found as
    zipfile finds it; None when there is no end record (zipfile then refuses the file)."""
    signature, end_size = b"PK\x05\x06", 22
    if len(data) >= end_size and data[-end_size:-end_size + 4] == signature \
            and data[-2:] == b"\0\0":
        at = len(data) - end_size
    else:
        at = data.rfind(signature, max(len(data) - end_size - 65535, 0))
        if at < 0 or len(data) - at < end_size:
            return None
    size = struct.unpack("<L", data[at + 12:at + 16])[0]
    locator = at - 20
    if locator >= 56 and data[locator:locator + 4] == b"PK\x06\x07":
        record = data[locator - 56:locator]
        if record[:4] == b"PK\x06\x06":
            size = max(size, struct.unpack("<Q", record[40:48])[0])
    return size


_CHUNK = 1024 * 1024


def read_members(data: bytes, source: str) -> list[tuple[str, bytes]]:
    """The members of a template's zip, (name, bytes) in order.

    Raises:
        TemplateFileRefused: not a zip, or over :data:`MAX_TEMPLATE_FILE`,
            :data:`MAX_MEMBERS` (or :data:`MAX_DIRECTORY`) or :data:`MAX_UNPACKED` (checked
            from the directory before any member is read, and again while reading).
    """
    if len(data) > MAX_TEMPLATE_FILE:
        raise TemplateFileRefused(_.later("{source}: the file is {size:n} bytes long; a "
                                          "template may be at most {most:n} bytes",
                                          source=source, size=len(data), most=MAX_TEMPLATE_FILE))
    directory = _directory_size(data)
    if directory is not None and directory > MAX_DIRECTORY:
        raise TemplateFileRefused(_.later("{source}: its zip directory is {size:n} bytes "
                                          "long: too many members for a Word document (a "
                                          "template may have {most:n})", source=source,
                                          size=directory, most=MAX_MEMBERS))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise TemplateFileRefused(_.many_later(
                "{source}: {n:n} zip member; a template may have at most {most:n} members",
                "{source}: {n:n} zip members; a template may have at most {most:n} members",
                len(infos), source=source, most=MAX_MEMBERS))
        declared = 0
        for info in infos:
            declared += info.file_size
            if declared > MAX_UNPACKED:
                raise TemplateFileRefused(_.later(
                    "{source}: {member} unpacks to {size:n} bytes: a template may unpack to at "
                    "most {most:n} bytes in all", source=source,
                    member=shown(info.filename, quote=False), size=info.file_size,
                    most=MAX_UNPACKED))
        members, left = [], MAX_UNPACKED
        for info in infos:
            # In chunks, never past the limit, whatever the directory says: zipfile stops at
            # the declared size, but would inflate as much as it is asked for to get there.
            chunks = []
            with archive.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    left -= len(chunk)
                    if left < 0:
                        raise TemplateFileRefused(_.later(
                            "{source}: {member} unpacks to more than it declares: a template "
                            "may unpack to at most {most:n} bytes in all", source=source,
                            member=shown(info.filename, quote=False), most=MAX_UNPACKED))
                    chunks.append(chunk)
            members.append((info.filename, b"".join(chunks)))
    except TemplateFileRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
            RuntimeError, NotImplementedError) as exc:  # RuntimeError: encrypted
        raise TemplateFileRefused(_.later("{source}: not a .docx file ({why})",
                                          source=source, why=str(exc))) from exc
    return members


def xml_parser():
    """An lxml parser that resolves no entity, loads no DTD and uses no network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False)


_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_xml(blob: bytes, part: str, source: str):
    """Parse an XML part of a template, refusing anything but plain UTF-8 XML without a DTD.

    A DOCTYPE could declare entities (billion laughs, external files): a Word document never
    has one. Only UTF-8 is read, so that no other encoding can hide one from the check of the
    bytes; the parser then confirms it, resolving nothing.

    Raises:
        TemplateFileRefused: naming the part.
    """
    from lxml import etree

    if len(blob) > MAX_XML_PART:
        raise TemplateFileRefused(_.later("{source}: {part} is {size:n} bytes long; an XML "
                                          "part of a template may be at most {most:n} bytes",
                                          source=source, part=part, size=len(blob),
                                          most=MAX_XML_PART))
    text = blob[3:] if blob.startswith(b"\xef\xbb\xbf") else blob
    text = text.lstrip(b" \t\r\n")
    declared = _DECLARED_ENCODING.match(text)
    if not text.startswith(b"<") or b"\0" in blob or (
            declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
        raise TemplateFileRefused(_.later("{source}: {part} is not UTF-8 XML, as Word writes "
                                          "it; save the template again from Word as .docx",
                                          source=source, part=part))
    if _DTD.search(blob):
        raise TemplateFileRefused(_.later("{source}: {part} has a DOCTYPE or entity "
                                          "declaration, which a Word document never has; "
                                          "refused", source=source, part=part))
    try:
        root = etree.fromstring(blob, xml_parser())
    except etree.XMLSyntaxError as exc:
        raise TemplateFileRefused(_.later("{source}: {part} is not well-formed XML ({why})",
                                          source=source, part=part, why=str(exc))) from exc
    if has_doctype(root):
        raise TemplateFileRefused(_.later("{source}: {part} has a DOCTYPE, which a Word "
                                          "document never has; refused", source=source,
                                          part=part))
    return root


def has_doctype(root) -> bool:
    info = root.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None or info.externalDTD is not None


def check_xml_parts(members: list[tuple[str, bytes]], source: str) -> None:
    """Check every XML part of a template (:func:`check_xml`): those named .xml or .rels and
    those [Content_Types].xml gives an XML type (python-docx parses those, whatever their
    name)."""
    blobs = dict(members)
    xml = {name for name in blobs if name.lower().endswith((".xml", ".rels"))}
    types_xml = blobs.get("[Content_Types].xml")
    if types_xml is not None:
        root = check_xml(types_xml, "[Content_Types].xml", source)
        defaults, overrides = {}, {}
        for element in root:
            tag = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
            if tag == "Default":
                defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
            elif tag == "Override":
                overrides[element.get("PartName", "").lower()] = element.get("ContentType", "")
        for name in blobs:
            kind = overrides.get("/" + name.lower()) or defaults.get(
                name.rpartition(".")[2].lower() if "." in name else "", "")
            if "xml" in kind and not kind.startswith("image/"):
                xml.add(name)
    for name in sorted(xml):
        if name != "[Content_Types].xml":
            check_xml(blobs[name], name, source)
