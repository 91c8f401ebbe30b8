"""Filters, methods of builtin values and globals checked before they run; every output bounded."""

from __future__ import annotations

from jinja2.utils import _PassArg, generate_lorem_ipsum, pass_context

from ..i18n import Domain
from .limits import CALL_COST, MAX_ITEMS, MAX_OUTPUT, MAX_STRING, TemplateLimit, _spend
from .operators import check_printf
from .sizes import _int, _materialize, check_items, check_length, laid_out_size, made, text_size

_ = Domain(__name__)


def _check_center(env, value, width=80, *args, **kwargs):
    check_length(max(text_size(value), _int(width)))
    return value


def _check_indent(env, value, width=4, *args, **kwargs):
    size = text_size(value)
    check_length(size)
    step = text_size(width) if isinstance(width, str) else _int(width)
    check_length(size + (str(value).count("\n") + 1) * step)
    return value


def _check_wordwrap(env, value, width=79, break_long_words=True, wrapstring=None,
                    *args, **kwargs):
    size = text_size(value)
    check_length(size)
    wrap = env.newline_sequence if wrapstring is None else wrapstring
    # Each line but the last, with the next word, is longer than width.
    lines = 2 * size // max(_int(width), 1) + str(value).count("\n") + 2
    check_length(size + lines * text_size(wrap))
    return value


def _check_join(env, value, d="", *args, **kwargs):
    items = _materialize(value)
    total = max(len(items) - 1, 0) * text_size(d)
    for item in items:
        total += text_size(item, MAX_STRING)
        if total > MAX_STRING:
            break
    check_length(total, what=_.later("the joined string"))
    return items


def _replaced_size(text, old, new, count) -> int:
    hits = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * max(len(new) - len(old), 0)


def _check_replace(env, value, old="", new="", count=None, *args, **kwargs):
    for part in (value, old, new):
        check_length(text_size(part))
    check_length(_replaced_size(str(value), str(old), str(new), count))
    return value


def _check_format(env, value, *args, **kwargs):
    check_length(text_size(value))
    check_printf(str(value), kwargs or args)
    return value


def _check_batch(env, value, linecount=0, *args, **kwargs):
    check_items(_int(linecount))
    return value


def _check_urlize(env, value, trim_url_limit=None, nofollow=False, target=None, rel=None,
                  *args, **kwargs):
    size = text_size(value)
    check_length(size)
    # A link is at least 4 characters and a space; each shows target and rel once.
    extra = text_size(target or "") + text_size(rel or "")
    check_length(3 * size + (size // 4 + 1) * extra)
    return value


def _check_sum(env, value, attribute=None, start=0, *args, **kwargs):
    if not isinstance(start, list | tuple):
        return value
    # Adding lists copies the sum so far each time (quadratic): count the copies first.
    items = _materialize(value)
    length = copies = len(start)
    for item in items:
        length += len(item) if isinstance(item, list | tuple) else 0
        copies += length
        if copies > 10 * MAX_ITEMS:
            raise TemplateLimit(_.later("adding {count:n} lists one by one copies too "
                                        "much: a template may copy at most {most:n} items so",
                                        count=len(items), most=10 * MAX_ITEMS))
    return items


def _check_tojson(env, value, indent=None, *args, **kwargs):
    check_length(text_size(value))
    if indent is not None:
        step = len(indent) if isinstance(indent, str) else _int(indent)
        check_length(laid_out_size(value, step), what=_.later("the indented JSON"))
    return value


def _check_pprint(env, value, *args, **kwargs):
    check_length(text_size(value))
    check_length(laid_out_size(value, 1, keys=True), what=_.later("the pretty-printed value"))
    return value


_FILTER_CHECKS = {
    "center": _check_center, "indent": _check_indent, "wordwrap": _check_wordwrap,
    "join": _check_join, "replace": _check_replace, "format": _check_format,
    "batch": _check_batch, "slice": _check_batch, "urlize": _check_urlize, "sum": _check_sum,
    "tojson": _check_tojson, "pprint": _check_pprint,
}
# Filters that never show their value as text (the others are refused a value whose text
# would be over MAX_STRING characters before they run).
_STRUCTURAL_FILTERS = frozenset({
    "abs", "attr", "count", "d", "default", "dictsort", "filesizeformat", "first", "float",
    "groupby", "int", "items", "last", "length", "list", "map", "max", "min", "random",
    "reject", "rejectattr", "reverse", "round", "select", "selectattr", "sort", "unique",
})


def _guarded_filter(name: str, func):
    """The filter ``func`` with its checks; it takes the context so that jinja2 never runs
    it while compiling (constant folding), where no budget applies."""
    passed = _PassArg.from_obj(func)
    check = _FILTER_CHECKS.get(name)
    shows_text = name not in _STRUCTURAL_FILTERS

    @pass_context
    def guarded(context, value, *args, **kwargs):
        _spend(CALL_COST)
        if check is not None:
            value = check(context.environment, value, *args, **kwargs)
        elif shows_text:
            check_length(text_size(value))
        if passed is _PassArg.context:
            result = func(context, value, *args, **kwargs)
        elif passed is _PassArg.eval_context:
            result = func(context.eval_ctx, value, *args, **kwargs)
        elif passed is _PassArg.environment:
            result = func(context.environment, value, *args, **kwargs)
        else:
            result = func(value, *args, **kwargs)
        return made(result)

    guarded.__name__ = guarded.__qualname__ = getattr(func, "__name__", name)
    guarded.__doc__ = func.__doc__
    return guarded


def _argument(args, kwargs, index: int, name: str, default=None):
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def _widest(table) -> int:
    """The longest replacement a str.translate table holds."""
    values = table.values() if isinstance(table, dict) else (
        table if isinstance(table, list | tuple) else ())
    return max((len(v) for v in values if isinstance(v, str | bytes)), default=1)


def _check_method(env, context, name: str, owner, args: tuple, kwargs: dict):
    """Refuse a method call of a builtin value whose result would be too big; return the
    arguments to call it with (an iterable it would read all of, read once, as a list)."""
    if isinstance(owner, str | bytes | bytearray):
        if name in ("center", "ljust", "rjust", "zfill"):
            check_length(_int(_argument(args, kwargs, 0, "width")))
        elif name == "expandtabs":
            tab = "\t" if isinstance(owner, str) else b"\t"
            size = _int(_argument(args, kwargs, 0, "tabsize", 8))
            check_length(len(owner) + owner.count(tab) * max(size, 0))
        elif name == "replace":
            old, new = _argument(args, kwargs, 0, "old"), _argument(args, kwargs, 1, "new")
            if isinstance(old, str | bytes) and isinstance(new, str | bytes) \
                    and isinstance(old, str) == isinstance(owner, str):
                check_length(_replaced_size(owner, old, new, _argument(args, kwargs, 2,
                                                                        "count", -1)))
        elif name == "join" and args:
            items = _materialize(args[0])
            args = (items, *args[1:])
            total = max(len(items) - 1, 0) * len(owner)
            check_length(total + sum(len(x) for x in items if isinstance(x, str | bytes)),
                         what=_.later("the joined string"))
        elif name == "translate" and args:
            check_length(len(owner) * _widest(args[0]))
    elif isinstance(owner, int) and name == "to_bytes":
        check_length(_int(_argument(args, kwargs, 0, "length", 1)), what=_.later("a bytes value"))
    elif isinstance(owner, list) and name == "extend" and args:
        items = _materialize(args[0])
        args = (items,)
        check_items(len(owner) + len(items))
    elif isinstance(owner, list | dict) and name in ("append", "insert", "setdefault"):
        check_items(len(owner) + 1)
    key = kwargs.get("key")
    if callable(key):  # list.sort(key=...) would call it behind the sandbox's back
        kwargs = {**kwargs, "key": lambda item: env.call(context, key, item)}
    return args, kwargs


def _lipsum(n=5, html=True, min=20, max=100):  # jinja2's own names
    check_length(_int(n) * (_int(max) * 13 + 20), what=_.later("the lorem ipsum"))
    return generate_lorem_ipsum(n, html, min, max)


def _finalize(value):
    """Every ``{{ value }}``: shown as text, so its text must not be too long."""
    size = len(value) if isinstance(value, str) else text_size(value, MAX_OUTPUT)
    check_length(size, MAX_OUTPUT, "an output")
    _spend(size + 64)
    return value


def _join_output(pieces) -> str:
    """jinja2's ``concat``: the output of a template part, macro, block or ``{% set %}``
    block, bounded while it is collected."""
    if isinstance(pieces, list):
        total = sum(map(len, pieces))
    else:
        collected, total = [], 0
        for piece in pieces:
            total += len(piece)
            if total > MAX_OUTPUT:
                break
            collected.append(piece)
        pieces = collected
    check_length(total, MAX_OUTPUT, "an output")
    _spend(total + 64)
    return "".join(pieces)
