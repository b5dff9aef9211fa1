"""The Jinja environment every document template is rendered in: sandboxed and allow-listed.

A Word template is user input (an agency head uploads it), so its placeholders must not be
able to reach Python. Two layers, both applied to every piece of template text that is
compiled, whatever part of the Word file it comes from (body, headers, footers, footnotes,
properties), at the upload check and at every generation alike:

1. **An allow-list over the parsed template** (``_check``). Only the documented shape is
   accepted: ``{{ field }}`` and ``{{ field.subfield }}`` for the fields a document knows
   (``sanxiang.records.context.sample_context``), ``{% if %}`` over them with ``not``,
   ``and``, ``or`` and comparisons with literals, ``{% for x in list %}`` with ``loop.index``
   and the like, and a few formatting filters. Anything else (a name the document does not
   know, an attribute beginning with ``_``, a call, a subscript, ``{% set %}``,
   ``{% macro %}``, ``{% include %}``, another filter) is refused, naming the placeholder.
2. **Jinja's immutable sandbox underneath**, with no globals (no ``lipsum``, ``range``,
   ``cycler``, ``namespace``), only the allowed filters and tests, and no attribute of any
   Python object readable except a loop's counters: the context is plain dicts and lists,
   whose values are read as items. Should the allow-list ever miss a form, the sandbox
   refuses it at render time.
"""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

# Formatting filters a template may use; each takes and returns plain values.
ALLOWED_FILTERS = frozenset(
    {"default", "upper", "lower", "trim", "length", "join", "first", "last"}
)
ALLOWED_TESTS = frozenset({"defined", "none", "number", "string", "odd", "even"})
LOOP_FIELDS = frozenset({"index", "index0", "first", "last", "length", "revindex", "revindex0"})
# Expression forms a placeholder may combine (besides names, fields and literals): logic,
# comparison, and joining text with ``~`` or ``+``.
_COMBINE = (
    nodes.Not, nodes.And, nodes.Or, nodes.Compare, nodes.Operand, nodes.CondExpr, nodes.Concat,
    nodes.Add,
)  # fmt: skip


class PlaceholderNotAllowed(TemplateSyntaxError):
    """A template names something outside the allow-list; ``placeholder`` says what."""

    def __init__(self, placeholder: str, lineno: int, *, unknown: bool = False) -> None:
        self.placeholder = placeholder
        self.unknown = unknown  # a plain field name that a document does not know (a typo)
        super().__init__(f"placeholder not allowed: {placeholder}", lineno)


def _fields(value: Any, into: set[str]) -> set[str]:
    """Every key of every dict inside ``value``: the field names a template may read."""
    if isinstance(value, dict):
        for key, item in value.items():
            into.add(key)
            _fields(item, into)
    elif isinstance(value, list):
        for item in value:
            _fields(item, into)
    return into


def _describe(node: nodes.Node) -> str:
    """How the template wrote ``node``, near enough for a clerk to find it."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_describe(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_describe(node.node)}[…]"
    if isinstance(node, nodes.Call):
        return f"{_describe(node.node)}(…)"
    if isinstance(node, nodes.Filter | nodes.Test):
        inner = _describe(node.node) if node.node is not None else ""
        return f"{inner}|{node.name}"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.BinExpr):
        return f"{_describe(node.left)} {node.operator} {_describe(node.right)}"
    if isinstance(node, nodes.Expr):
        return type(node).__name__
    return "{% " + type(node).__name__.lower() + " %}"


class _Checker:
    """Walks a parsed template and raises ``PlaceholderNotAllowed`` at the first bad node."""

    def __init__(self, names: frozenset[str], fields: frozenset[str]) -> None:
        self.names = names
        self.fields = fields

    def check(self, template: nodes.Template) -> None:
        self._statements(template.body, bound=frozenset())

    def _statements(self, body: list[nodes.Node], bound: frozenset[str]) -> None:
        for node in body:
            if isinstance(node, nodes.Output):
                for child in node.nodes:
                    if not isinstance(child, nodes.TemplateData):
                        self._expr(child, bound)
            elif isinstance(node, nodes.If):
                self._expr(node.test, bound)
                self._statements(node.body, bound)
                for branch in node.elif_:
                    self._expr(branch.test, bound)
                    self._statements(branch.body, bound)
                self._statements(node.else_, bound)
            elif isinstance(node, nodes.For):
                self._for(node, bound)
            else:
                raise PlaceholderNotAllowed(_describe(node), node.lineno)

    def _for(self, node: nodes.For, bound: frozenset[str]) -> None:
        if not isinstance(node.target, nodes.Name) or node.test is not None or node.recursive:
            raise PlaceholderNotAllowed("{% for %}", node.lineno)
        self._expr(node.iter, bound)
        inner = bound | {node.target.name, "loop"}
        self._statements(node.body, inner)
        self._statements(node.else_, bound)

    def _expr(self, node: nodes.Node, bound: frozenset[str]) -> None:
        if isinstance(node, nodes.Const):
            if not isinstance(node.value, str | int | float | bool | None):
                raise PlaceholderNotAllowed(_describe(node), node.lineno)
        elif isinstance(node, nodes.Name):
            if node.name not in self.names and node.name not in bound:
                raise PlaceholderNotAllowed(node.name, node.lineno, unknown=True)
        elif isinstance(node, nodes.Getattr):
            self._getattr(node, bound)
        elif isinstance(node, nodes.Filter | nodes.Test):
            allowed = ALLOWED_FILTERS if isinstance(node, nodes.Filter) else ALLOWED_TESTS
            if node.name not in allowed or node.kwargs or node.dyn_args or node.dyn_kwargs:
                raise PlaceholderNotAllowed(_describe(node), node.lineno)
            operands = [node.node, *node.args] if node.node else list(node.args)
            for operand in operands:
                self._expr(operand, bound)
        elif isinstance(node, _COMBINE):
            for part in node.iter_child_nodes():
                self._expr(part, bound)
        else:
            raise PlaceholderNotAllowed(_describe(node), node.lineno)

    def _getattr(self, node: nodes.Getattr, bound: frozenset[str]) -> None:
        if node.attr.startswith("_"):
            raise PlaceholderNotAllowed(_describe(node), node.lineno)
        if isinstance(node.node, nodes.Name) and node.node.name == "loop":
            if "loop" not in bound or node.attr not in LOOP_FIELDS:
                raise PlaceholderNotAllowed(_describe(node), node.lineno)
            return
        if node.attr not in self.fields:
            raise PlaceholderNotAllowed(_describe(node), node.lineno, unknown=True)
        if not isinstance(node.node, nodes.Name | nodes.Getattr):
            raise PlaceholderNotAllowed(_describe(node), node.lineno)
        self._expr(node.node, bound)


class DocumentEnvironment(ImmutableSandboxedEnvironment):
    """Jinja for Word templates: every template it compiles is allow-listed, then sandboxed."""

    def __init__(self, known: dict[str, Any]) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)
        self.globals.clear()
        self.filters = {name: f for name, f in self.filters.items() if name in ALLOWED_FILTERS}
        self.tests = {name: t for name, t in self.tests.items() if name in ALLOWED_TESTS}
        self._checker = _Checker(frozenset(known), frozenset(_fields(known, set())))

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        # Every path to a compiled template (from_string, compile, parse) comes through here.
        template = super()._parse(source, name, filename)
        self._checker.check(template)
        return template

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # The context holds dicts and lists whose fields are read as items; no attribute of
        # any object is readable, but a loop's counters.
        return isinstance(obj, LoopContext) and attr in LOOP_FIELDS

    def is_safe_callable(self, obj: Any) -> bool:
        return False
