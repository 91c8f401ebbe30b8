"""Fill the 考核申请表 template: docxtpl's template language, parsed once per process.

docxtpl re-reads the .docx, re-patches its XML and re-compiles the Jinja template on every
``render`` (docxtpl #110). :class:`FormTemplate` does that work once: it keeps the template's
zip members in memory and the compiled Jinja template of each part that holds tags, and per
form only runs the compiled template, docxtpl's own post-processing of the result (line breaks
and tabs in values, table grid repair), and writes a new zip. Nothing is shared between two
renders but immutable state, so forms cannot bleed into each other.

Safety, whoever wrote the template (docxtpl #557, #594, #632, #79):
- autoescape: a ``&`` or ``<`` in a value is text, not markup, so the file stays valid;
- ``StrictUndefined``: a variable the form does not have is an error, never a blank;
- a sandbox (:class:`normbook.template_limits.GuardedEnvironment`): a template cannot reach
  Python internals (``{{ ''.__class__.__mro__ }}`` raises :class:`UnsafeTemplate`), nor make
  a huge value (``{{ 'x' * 10**9 }}``, ``{{ '%0999999999d' % 1 }}``, ``'x'|center(10**9)``,
  a string doubled in a loop), nor run long (nested loops): each form has a time and memory
  budget, and nothing is built while the template loads;
- the file: its size, its zip members (count and unpacked size, checked before they are
  read) and its XML (UTF-8, no DOCTYPE or entities, parsed without resolving any) are
  checked when it loads;
- a template is one document: ``include``, ``import`` and ``extends`` are refused at load;
- anything else a render raises (``{{ 1 / 0 }}``) becomes a :class:`TemplateProblem` naming
  the template, never a traceback;
- values are cleaned of characters XML cannot hold; ``{{ x }}`` typed in a value is text.

The limits and why they are what they are: :mod:`normbook.template_limits`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from ..docx_parts import ZIP_DATE
from ..i18n import Domain, listed
from .applicant import APPLICANT_FIELDS, PROJECT_FIELDS, Applicant
from .errors import FormInputError, MissingField, TemplateProblem, UnsafeTemplate
from .text import clean

_ = Domain(__name__)

#: Rows of the project table on the form (the original has six).
PROJECT_ROWS = 6
DEFAULT_TEMPLATE = "application_form.docx"
BODY = "word/document.xml"
CORE = "docProps/core.xml"
#: The context key of the data edition, written into the form's document properties
#: (dc:description) rather than its body: the printed form stays the official one.
DATA_EDITION = "_data_edition"
# Parts docxtpl renders besides the body; core.xml holds the document properties.
_OTHER_PARTS = re.compile(r"word/(header\d*|footer\d*|footnotes)\.xml|docProps/core\.xml")
_TAG = re.compile(r"\{[{%#]")
#: How messages name the project table's fields (code, as a template writes them).
_PROJECT_FIELDS = f"projects[0..{PROJECT_ROWS - 1}].{{{', '.join(PROJECT_FIELDS)}}}"


def _environment():
    from jinja2 import DictLoader, StrictUndefined

    from ..template_limits import GuardedEnvironment

    # An empty loader: {% include %} and friends find nothing (they are refused at load).
    return GuardedEnvironment(autoescape=True, undefined=StrictUndefined,
                              loader=DictLoader({}))


def form_context(applicant: Applicant, data_edition: str = "") -> dict[str, object]:
    """The template's variables for one applicant: every field as text, six project rows.

    ``projects`` always has exactly :data:`PROJECT_ROWS` entries (padded with empty rows), so
    the template keeps the original's six rows whatever the number of projects.

    Raises:
        FormInputError: more projects than the form has rows.
    """
    if len(applicant.projects) > PROJECT_ROWS:
        raise FormInputError(_.later("{count:n} projects do not fit the form's {rows:n} rows "
                                     "(the guide allows 3 per period)",
                                     count=len(applicant.projects), rows=PROJECT_ROWS))
    context: dict[str, object] = {key: clean(value)
                                  for key, value in applicant.values().items()}
    rows = [{key: clean(value) for key, value in p.values().items()}
            for p in applicant.projects]
    rows += [dict.fromkeys(PROJECT_FIELDS, "") for _ in range(PROJECT_ROWS - len(rows))]
    context["projects"] = rows
    if data_edition:
        context[DATA_EDITION] = data_edition
    return context


def _context_names() -> set[str]:
    return {*APPLICANT_FIELDS, "projects"}


def _literal_braces(xml: str) -> str:
    """docxtpl's escapes for literal braces (``{_{`` prints ``{{``) as Jinja string literals.

    docxtpl replaces them after rendering, which would also rewrite a ``{_{`` typed in a
    value; turning them into Jinja literals before compiling leaves values alone.
    """
    for escaped, literal in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
        xml = xml.replace(escaped, f"{{{{ '{literal}' }}}}")
    return xml


class FormTemplate:
    """A .docx template, parsed and compiled once, that renders any number of forms.

    Args:
        data: the template's bytes (a .docx with docxtpl tags).
        source: how messages name the template (its path).
    """

    def __init__(self, data: bytes, *, source: str = "template"):
        from docxtpl import DocxTemplate
        from jinja2 import TemplateSyntaxError
        from lxml import etree

        from .. import template_limits as limits

        self.source = source
        # Sizes from the zip's directory first, then every member read with a cap; every
        # XML part plain UTF-8 without DOCTYPE, before python-docx or lxml parse anything.
        try:
            self._members = limits.read_members(data, source)
            names = [name for name, _ in self._members]
            if BODY not in names:
                raise TemplateProblem(_.later("{source}: not a Word document (no {part})",
                                              source=source, part=BODY))
            limits.check_xml_parts(self._members, source)
        except limits.TemplateFileRefused as exc:  # in the forms' terms: a template problem
            raise TemplateProblem(limits.reason(exc)) from exc
        braces = sum(blob.count(b"{") for name, blob in self._members
                     if name == BODY or _OTHER_PARTS.fullmatch(name))
        if braces > limits.MAX_BRACES:  # docxtpl's regular expressions take time by the tag
            raise UnsafeTemplate(_.later("{source}: {braces:n} braces in the parts to fill: "
                                         "too many template tags (a template may have {most:n} "
                                         "braces; a form has a few hundred)", source=source,
                                         braces=braces, most=limits.MAX_BRACES))
        try:
            self._docxtpl = DocxTemplate(io.BytesIO(data))  # its XML helpers, not its render
            self._docxtpl.init_docx()
        except Exception as exc:  # python-docx raises what it meets: KeyError, ValueError...
            raise TemplateProblem(_.later("{source}: not a Word document python-docx can "
                                          "open ({kind}: {why})", source=source,
                                          kind=type(exc).__name__, why=str(exc))) from exc
        self._env = _environment()
        self._compiled = {}
        self._sources: dict[str, str] = {}
        try:
            body = self._docxtpl.patch_xml(self._docxtpl.get_xml())
            self._body_has_logic = "{%" in body
            self._compiled[BODY] = self._compile(body, BODY)
            for name, blob in self._members:
                if _OTHER_PARTS.fullmatch(name) and _TAG.search(blob.decode("utf-8")):
                    xml = blob.decode("utf-8")
                    if name.startswith("word/"):
                        xml = self._docxtpl.patch_xml(xml)
                    self._compiled[name] = self._compile(xml, name)
        except TemplateSyntaxError as exc:
            raise TemplateProblem(_.later("{source}: template syntax error: {why} (near: "
                                          "{near})", source=source, why=exc.message,
                                          near=_nearby_text(exc))) from exc
        except UnicodeDecodeError as exc:
            raise TemplateProblem(_.later("{source}: a part of the document is not UTF-8 "
                                          "({why}); save it again from Word as .docx",
                                          source=source, why=str(exc))) from exc
        except TemplateProblem:
            raise
        except (ValueError, RecursionError, MemoryError, SyntaxError, OverflowError) as exc:
            # an integer of 5,000 digits, brackets nested 5,000 deep: jinja2 or Python gives up
            raise TemplateProblem(_.later("{source}: the template cannot be compiled ({kind}: "
                                          "{why})", source=source, kind=type(exc).__name__,
                                          why=str(exc))) from exc
        # The document element without its body: each form gets a fresh body under a copy.
        root = etree.fromstring(dict(self._members)[BODY], limits.xml_parser())
        root.remove(root.find("{*}body"))
        self._document_root = root
        self._check_tags()

    @classmethod
    def from_path(cls, path: str | Path) -> FormTemplate:
        from ..template_limits import MAX_TEMPLATE_FILE

        path = Path(path)
        if not path.is_file():
            raise TemplateProblem(_.later("{path}: no such template file", path=path))
        size = path.stat().st_size
        if size > MAX_TEMPLATE_FILE:  # before reading it
            raise TemplateProblem(_.later("{path}: the file is {size:n} bytes long; a template "
                                          "may be at most {most:n} bytes", path=path, size=size,
                                          most=MAX_TEMPLATE_FILE))
        return cls(path.read_bytes(), source=str(path))

    def _compile(self, xml: str, part: str):
        from ..template_limits import MAX_TOKENS, TemplateLimit, count_tokens, reason

        src = re.sub(r"<w:p([ >])", r"\n<w:p\1", _literal_braces(xml))  # as docxtpl does
        self._sources[part] = src
        # Compiling takes time and memory by the token: count them first (all parts).
        left = MAX_TOKENS - getattr(self, "_tokens", 0)
        try:
            self._tokens = MAX_TOKENS - left + count_tokens(self._env, src, left)
        except TemplateLimit as exc:
            raise UnsafeTemplate(_.later("{source}: {part}: refused: {why}",
                                         source=self.source, part=part, why=reason(exc))
                                 ) from exc
        return self._env.from_string(src)

    def _check_tags(self) -> None:
        """Fail at load, not at the first form, when the template names an unknown variable
        or pulls in another template (a form template is one self-contained document)."""
        from jinja2 import meta, nodes

        unknown: set[str] = set()
        for src in self._sources.values():
            tree = self._env.parse(src)
            pulled = tree.find((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))
            if pulled is not None:
                tag = "{% " + type(pulled).__name__.lower() + " %}"
                raise TemplateProblem(_.later(
                    "{source}: {tag} at line {line}: a form template cannot include, import or "
                    "extend other templates; put everything into this one document",
                    source=self.source, tag=tag, line=pulled.lineno))
            unknown |= meta.find_undeclared_variables(tree)
        unknown -= _context_names()
        if unknown:
            raise MissingField(_.later(
                "{source}: the template uses {unknown}, which the form does not have; its "
                "fields are {fields} and {projects}", source=self.source,
                unknown=listed(sorted(unknown)), fields=listed(APPLICANT_FIELDS),
                projects=_PROJECT_FIELDS))

    def render(self, context: Mapping[str, object]) -> bytes:
        """One filled form as .docx bytes (deterministic for the same context).

        Raises:
            MissingField: the template uses a variable or attribute the context lacks.
            UnsafeTemplate: the template reached for Python internals or a huge value, or ran
                past the form's time or memory budget (:mod:`normbook.template_limits`).
            TemplateProblem: the template failed otherwise (whatever it raised), or produced
                invalid XML.
        """
        from ..template_limits import rendering

        listing = any(_has_listing(v) for v in _strings(context))
        out = io.BytesIO()
        # One budget of time and memory for all the parts of one form.
        with rendering(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, blob in self._members:
                if name in self._compiled:
                    blob = self._render_part(name, context, listing)
                if name == CORE and context.get(DATA_EDITION):
                    blob = _with_description(blob, str(context[DATA_EDITION]))
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, blob)
        return out.getvalue()

    def render_applicant(self, applicant: Applicant) -> bytes:
        return self.render(form_context(applicant))

    def _render_part(self, name: str, context: Mapping[str, object], listing: bool) -> bytes:
        from copy import deepcopy

        from jinja2 import TemplateError, UndefinedError
        from jinja2.exceptions import SecurityError
        from lxml import etree

        from .. import template_limits as limits

        try:
            xml = self._compiled[name].render(context)
        except limits.TemplateLimit as exc:
            raise UnsafeTemplate(_.later("{source}: {part}: refused: {why}",
                                         source=self.source, part=name,
                                         why=limits.reason(exc))) from exc
        except SecurityError as exc:
            raise UnsafeTemplate(_.later("{source}: the template tried something the sandbox "
                                         "forbids ({why}); a form template may only show the "
                                         "form's fields", source=self.source, why=str(exc))
                                 ) from exc
        except UndefinedError as exc:
            raise MissingField(_.later("{source}: {why}; the form's fields are {fields} and "
                                       "{projects}", source=self.source, why=exc.message,
                                       fields=listed(APPLICANT_FIELDS),
                                       projects=_PROJECT_FIELDS)) from exc
        except TemplateError as exc:
            raise TemplateProblem(_.later("{source}: rendering failed: {why}",
                                          source=self.source, why=str(exc))) from exc
        except Exception as exc:  # a template can raise anything: 1/0, range(10**9), ...
            raise TemplateProblem(_.later("{source}: rendering failed: {kind}: {why}",
                                          source=self.source, kind=type(exc).__name__,
                                          why=str(exc))) from exc
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        if listing and name.startswith("word/"):
            xml = self._docxtpl.resolve_listing(xml)  # \n -> line break, \t -> tab
        try:
            tree = etree.fromstring(xml.encode("utf-8"), limits.xml_parser())
        except etree.XMLSyntaxError as exc:
            raise TemplateProblem(_.later("{source}: the filled {part} is not valid XML "
                                          "({why}); is a tag placed inside an XML attribute?",
                                          source=self.source, part=name, why=str(exc))
                                  ) from exc
        if limits.has_doctype(tree):  # made by the template: the file's check cannot see it
            raise UnsafeTemplate(_.later("{source}: {part}: the template writes a DOCTYPE, "
                                         "which a Word document never has; refused",
                                         source=self.source, part=name))
        if name != BODY:
            return etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                  standalone=True)
        if self._body_has_logic:  # loops may add or drop cells: docxtpl repairs the grid
            tree = self._docxtpl.fix_tables(etree.tostring(tree, encoding="unicode"))
            self._docxtpl.docx_ids_index = 1000
            self._docxtpl.fix_docpr_ids(tree)
        root = deepcopy(self._document_root)
        root.append(tree)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_description(core: bytes, text: str) -> bytes:
    """The core properties with ``dc:description`` set to ``text`` (added if missing)."""
    from lxml import etree

    from ..template_limits import xml_parser

    dc = "http://purl.org/dc/elements/1.1/"
    root = etree.fromstring(core, xml_parser())
    found = root.find(f"{{{dc}}}description")
    if found is None:
        found = etree.SubElement(root, f"{{{dc}}}description")
    found.text = clean(text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _has_listing(text: str) -> bool:
    return "\n" in text or "\t" in text


def _nearby_text(exc) -> str:
    source = getattr(exc, "source", None) or ""
    lines = source.splitlines()
    if not exc.lineno or not lines:
        return "?"
    window = lines[max(exc.lineno - 2, 0):exc.lineno + 1]
    return " ".join(re.sub(r"<[^>]+>", "", line) for line in window).strip()[:200]


@cache
def default_template() -> FormTemplate:
    """The shipped 考核申请表 template, parsed once per process."""
    from .._resources import templates_dir

    data = templates_dir().joinpath(DEFAULT_TEMPLATE).read_bytes()
    return FormTemplate(data, source=DEFAULT_TEMPLATE)


@cache
def _template_at(path: str) -> FormTemplate:
    return FormTemplate.from_path(path)


def template(path: str | Path | None = None) -> FormTemplate:
    """The template at ``path`` (the shipped one when None), parsed once per process."""
    return default_template() if path is None else _template_at(str(Path(path).resolve()))


def render_form(applicant: Applicant, *, template_path: str | Path | None = None) -> bytes:
    """One filled form as .docx bytes (no validation: see :func:`validate`)."""
    return template(template_path).render_applicant(applicant)
