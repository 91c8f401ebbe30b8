"""The guarded jinja2 environment: its code generator, templates, calls, loops and token count."""

from __future__ import annotations

import itertools
import sys
import types
from functools import update_wrapper

from jinja2 import Template, nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment

from ..i18n import Domain
from .filters import _check_method, _finalize, _guarded_filter, _join_output, _lipsum
from .limits import (
    _BUDGET,
    CALL_COST,
    ITERATION_COST,
    MAX_OUTPUT,
    MAX_STRING,
    MAX_TOKENS,
    Budget,
    TemplateLimit,
    _spend,
    rendering,
)
from .operators import _format, check_binop
from .sizes import _too_long, check_items, made, text_size

_ = Domain(__name__)


class _CodeGenerator(CodeGenerator):
    """jinja2's code generator, but every loop turn, every ``~`` and every list, tuple or
    dict literal goes through the environment, which charges it to the budget."""

    def visit_Template(self, node, frame=None):
        # {% for x in xs %} runs as {% for x in environment.counted(xs) %}: a call, which
        # jinja2 never folds into a constant.
        for loop in list(node.find_all(nodes.For)):
            counted = nodes.EnvironmentAttribute("counted", lineno=loop.iter.lineno)
            loop.iter = nodes.Call(counted, [loop.iter], [], None, None,
                                   lineno=loop.iter.lineno)
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Concat(self, node, frame):
        # As jinja2's own, which joins with markup_join or str_join without a limit.
        if frame.eval_ctx.volatile:
            markup = "context.eval_ctx.volatile"
        elif frame.eval_ctx.autoescape:
            markup = "True"
        else:
            markup = "False"
        self.write(f"environment.concat_values({markup}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _literal(self, visit, node, frame):
        self.write("environment.literal(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node, frame):
        self._literal(super().visit_List, node, frame)

    def visit_Dict(self, node, frame):
        self._literal(super().visit_Dict, node, frame)

    def visit_Tuple(self, node, frame):
        if node.ctx == "load":
            self._literal(super().visit_Tuple, node, frame)
        else:  # a loop's or an assignment's target
            super().visit_Tuple(node, frame)

    def visit_Const(self, node, frame):
        if isinstance(node.value, list | dict):  # a folded literal: a new one each time
            self._literal(super().visit_Const, node, frame)
        else:
            super().visit_Const(node, frame)


class GuardedTemplate(Template):
    """A template whose ``render`` runs within a budget (unless one is running already)."""

    def render(self, *args, **kwargs):
        with rendering():
            return super().render(*args, **kwargs)


class GuardedEnvironment(SandboxedEnvironment):
    """jinja2's sandbox with every way to make a big value, or to run long, bounded.

    ``render`` of its templates is bounded by :func:`rendering`'s budget; to share one
    budget between several parts (one form), render them within ``with rendering():``.
    """

    # Every operator: checked, and never folded into a constant while loading.
    intercepted_binops = frozenset(SandboxedEnvironment.default_binop_table)
    code_generator_class = _CodeGenerator
    template_class = GuardedTemplate
    concat = staticmethod(_join_output)

    def __init__(self, **options) -> None:
        options.setdefault("finalize", _finalize)
        super().__init__(**options)
        self.filters = {name: _guarded_filter(name, f) for name, f in self.filters.items()}
        self.globals["lipsum"] = _lipsum

    def call_binop(self, context, operator, left, right):
        _spend(CALL_COST)
        check_binop(operator, left, right)
        return made(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # named as jinja2's
        _spend(CALL_COST)
        owner = getattr(__obj, "__self__", None)
        growing = None
        if isinstance(owner, str | bytes | bytearray | int | list | dict) \
                and not isinstance(owner, bool) and isinstance(getattr(__obj, "__name__", None),
                                                               str):
            args, kwargs = _check_method(__self, __context, __obj.__name__, owner, args,
                                         kwargs)
            if isinstance(owner, list | dict):
                growing = sys.getsizeof(owner)
        result = super().call(__context, __obj, *args, **kwargs)
        if growing is not None:  # list.append and such: the list grew, and holds its items
            added = args[0] if __obj.__name__ == "extend" else (*args, *kwargs.values())
            _spend(max(sys.getsizeof(owner) - growing, 0)
                   + sum(sys.getsizeof(x) for x in added))
            check_items(len(owner))
        return made(result, MAX_OUTPUT)  # a macro's output may be as long as an output

    def getitem(self, obj, argument):
        result = super().getitem(obj, argument)
        if isinstance(argument, slice):  # a copy
            made(result)
        return result

    def counted(self, iterable):
        """A loop's iterable, charged turn by turn (the loop itself when not rendering)."""
        budget = _BUDGET.get()
        if budget is None:
            return iterable
        return _turns(budget, iterable)

    def concat_values(self, markup, values: tuple):
        """``a ~ b ~ c``: refused when its text would be too long, before it is made."""
        total = 0
        for value in values:
            total += text_size(value, MAX_STRING)
            if total > MAX_STRING:
                raise _too_long(total, _.later("the joined string (~)"))
        return made(markup_join(values) if markup else str_join(values))

    def literal(self, value):
        _spend(sys.getsizeof(value))
        return value

    def wrap_str_format(self, value):
        """``str.format`` and ``format_map`` with a bounded formatter (jinja2 >= 3.1.5)."""
        if not isinstance(value, types.MethodType | types.BuiltinMethodType) \
                or value.__name__ not in ("format", "format_map"):
            return None
        text = value.__self__
        if not isinstance(text, str):
            return None
        is_map = value.__name__ == "format_map"

        def wrapper(*args, **kwargs):
            if is_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:  # Python's own error, as str.format_map says it
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} "
                                    "given)")
                args, kwargs = (), args[0]
            return _format(self, text, args, kwargs)

        return update_wrapper(wrapper, value)

    def format_string(self, s, args, kwargs, format_func=None):
        """The same for jinja2 < 3.1.5, whose ``call`` hands ``str.format`` calls here."""
        if format_func is not None and format_func.__name__ == "format_map":
            if len(args) != 1 or kwargs:
                raise TypeError("format_map() takes exactly one argument")
            args, kwargs = (), args[0]
        return _format(self, s, args, kwargs)


def count_tokens(env, source: str, limit: int = MAX_TOKENS) -> int:
    """The tokens of a template's source, counted up to just past ``limit`` (lexing is
    cheap; parsing and compiling what it finds is what takes time and memory).

    Raises:
        TemplateLimit: over ``limit`` tokens.
        TemplateSyntaxError: the lexer's.
    """
    count = sum(1 for _ in itertools.islice(env.lex(source), limit + 1))
    if count > limit:
        raise TemplateLimit(_.later("the template has over {limit:n} tokens (tags' words and "
                                    "the text between them): too big to compile; a form "
                                    "template has a few hundred", limit=limit))
    return count


def _turns(budget: Budget, iterable):
    for item in iterable:
        budget.spend(ITERATION_COST)
        yield item
