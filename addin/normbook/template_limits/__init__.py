"""Resource limits for the Word templates users supply: their size, what they build, their time.

A template is the user's own file, but it may come from anyone, and one line of template text
can ask for gigabytes: ``{{ '%0999999999d' % 1 }}`` (which Jinja would even build while
*loading* the template, folding constants), a string doubled with ``~`` in a loop,
``'x'|center(10**9)``, nested loops of ten billion turns, a 2 MB .docx whose zip member
inflates to 2 GiB, an XML part with a DOCTYPE. Each is refused here with an error naming the
file, before the machine runs out of memory or time.

The .docx file (:func:`read_members`, :func:`check_xml_parts`): its size, the size of its zip
directory, the number of members and the unpacked size are checked from the zip's central
directory before any member is read, and every member is then read with a cap (a member may
inflate to more than its directory entry says). Every XML part must be UTF-8 and may hold no
DOCTYPE or entity declaration; parts are parsed only with entities unresolved and no network.

The template language (:class:`GuardedEnvironment`, a jinja2 ``SandboxedEnvironment``):

- *Sizes, checked before a value is built.* Every operation that can make a big value from a
  small template is checked from its operands first: ``*`` and ``**``, ``+`` and ``~``,
  ``%`` formatting (widths, precisions, ``*`` widths, every argument), ``str.format``
  (each field's width and value, through the sandbox's formatter), filters with a width or a
  string they repeat (``center``, ``indent``, ``wordwrap``, ``join``, ``replace``, ``format``,
  ``batch``, ``slice``, ``urlize``, ``tojson`` and ``pprint`` indenting, ``sum`` with a list
  start), string methods with a width or a repeated argument (``ljust``, ``zfill``,
  ``expandtabs``, ``replace``, ``join``, ``translate``), ``int.to_bytes``, list growth,
  ``lipsum``. Whatever shows a list or a dict
  as text (output, ``~``, ``%s``, ``|string``...) first estimates the text's length, so
  ``[s] * 100000`` (a small list of a big string) cannot be shown. Every result is checked
  again afterwards, so no operation can compound another one's growth.
- *An allocation budget per form* (:data:`MAX_ALLOCATION`): every value the template makes
  (operator and filter results, call results, output, literals, slices) is charged at its
  size, and every loop turn and call a small fixed amount. A template cannot hold on to more
  than it was charged for, so this bounds its memory even when each value is small; it also
  bounds the work of nested loops, which the sandbox's ``range()`` cap (100,000) does not.
- *A deadline per form* (:data:`MAX_SECONDS`), checked at every charge: every loop turn is
  charged (each ``{% for %}`` iterates through :meth:`GuardedEnvironment.counted`, which the
  code generator puts around every loop's iterable), every call (macros, recursion, methods),
  filter, operator and output too. There is no other way to repeat in a template, so no
  runaway can go more than one bounded builtin operation without a check. (No signal or
  thread: it works on every OS and in any thread, and can never interrupt jinja2 half-way.)
- *Loading*: jinja2 folds constant expressions while compiling; with every operator
  intercepted and every filter needing the render context, nothing it folds can be bigger
  than the template's own text; and a template's tags (:data:`MAX_BRACES`) and tokens
  (:data:`MAX_TOKENS`) are counted before docxtpl and jinja2 work on them. A rendered part,
  and a macro's or block's output, is at most :data:`MAX_OUTPUT` characters long.

What is not bounded: the time and memory of one builtin operation on values within the
limits (sorting a list of :data:`MAX_ITEMS` items, say), which the limits keep small; and
Python's own objects (frames, small integers) beyond the flat charges. These limits are
generous for any real form; a template that needs more is not a form template.

Errors: :class:`TemplateLimit` (a jinja2 ``SecurityError``) for what a template builds or
how long it runs, :class:`TemplateFileRefused` (a :class:`~normbook.errors.NormError`) for
its file. Both name only the template and the limit; the caller (the forms, the budget
justification) says what the template was for. Nothing here imports those callers.

The package: :mod:`.limits` (the limits, the errors, the budget), :mod:`.sizes`
(how big a value is or would be), :mod:`.operators` (``*``, ``+``, ``%`` and ``str.format``),
:mod:`.filters` (filters, methods, globals, output), :mod:`.environment` (the code generator
and :class:`GuardedEnvironment`) and :mod:`.docx_file` (the .docx file and its XML parts).
"""

from .docx_file import check_xml_parts, has_doctype, read_members, xml_parser
from .environment import GuardedEnvironment, count_tokens
from .limits import (
    MAX_BRACES,
    MAX_TEMPLATE_FILE,
    MAX_TOKENS,
    TemplateFileRefused,
    TemplateLimit,
    reason,
    rendering,
)

__all__ = [
    "MAX_BRACES",
    "MAX_TEMPLATE_FILE",
    "MAX_TOKENS",
    "GuardedEnvironment",
    "TemplateFileRefused",
    "TemplateLimit",
    "check_xml_parts",
    "count_tokens",
    "has_doctype",
    "read_members",
    "reason",
    "rendering",
    "xml_parser",
]
