"""The rulebook: every statutory rule the platform applies, written once, with its article.

Each app that applies a rule of law declares it in its own ``rulebook`` module with
:func:`rule`. A rule carries its id, the statute and article it comes from, the article's
words, what it guards (a transition, a document, a deadline, a warning), where it is enforced
(the functions that apply it, as dotted paths) and, when an agency may configure it, the
setting and the bounds the law allows. Services refuse with :func:`refusal`, which names the
rule and its article in Chinese, so a refusal reads the same whichever door it came through.

``sanxiang rules`` lists the book (``--json`` for machines, ``--markdown`` for the guide page
``docs/guide/rules.md``, which a test keeps equal to the code).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _


class Guards:
    """What a rule guards: the kinds of place a rule can be enforced at."""

    TRANSITION = "transition"
    DOCUMENT = "document"
    DEADLINE = "deadline"
    WARNING = "warning"
    RECORD = "record"

    ALL = (TRANSITION, DOCUMENT, DEADLINE, WARNING, RECORD)


@dataclass(frozen=True)
class Setting:
    """An agency- or installation-configurable value of a rule, with the law's bounds."""

    name: str
    default: object
    bounds: str  # what the law allows, in Chinese (e.g. "不少于五个工作日")


@dataclass(frozen=True)
class Rule:
    """One statutory rule: where it comes from, what it guards and where it is enforced."""

    id: str
    statute: str  # e.g. 《中华人民共和国行政处罚法》
    article: str  # e.g. 第五十一条
    words: str  # the article's words the rule rests on, verbatim
    summary: str | Promise  # what the platform does, translatable
    guards: tuple[str, ...]
    enforced_in: tuple[str, ...]  # dotted paths of the functions applying it
    settings: tuple[Setting, ...] = field(default=())

    @property
    def citation(self) -> str:
        return f"{self.statute}{self.article}"


_RULES: dict[str, Rule] = {}
_MODULES: dict[str, str] = {}  # rule id → the module declaring it (for app order)
_LOADED = False


def rule(
    id: str,
    *,
    statute: str,
    article: str,
    words: str,
    summary: str | Promise,
    guards: Iterable[str],
    enforced_in: Iterable[str],
    settings: Iterable[Setting] = (),
) -> Rule:
    """Declare a rule (in an app's ``rulebook`` module); returns it for use as a constant."""
    guards = tuple(guards)
    unknown = set(guards) - set(Guards.ALL)
    if unknown:
        raise ValueError(f"rule {id}: unknown guards {sorted(unknown)}")
    if id in _RULES:
        raise ValueError(f"rule {id} is declared twice")
    declared = Rule(
        id=id,
        statute=statute,
        article=article,
        words=words,
        summary=summary,
        guards=guards,
        enforced_in=tuple(enforced_in),
        settings=tuple(settings),
    )
    _RULES[id] = declared
    _MODULES[id] = sys._getframe(1).f_globals.get("__name__", "")
    return declared


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    for config in apps.get_app_configs():
        if not config.name.startswith("sanxiang."):
            continue
        try:
            importlib.import_module(f"{config.name}.rulebook")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.rulebook":
                raise
    _LOADED = True


def all_rules() -> list[Rule]:
    """Every rule of every installed app, in app order then declaration order (whichever
    module happened to import a rulebook first)."""
    _load()
    order = {f"{c.name}.rulebook": n for n, c in enumerate(apps.get_app_configs())}
    rules = list(_RULES.values())
    return sorted(rules, key=lambda r: order.get(_MODULES.get(r.id, ""), len(order)))


def get(rule_id: str) -> Rule:
    _load()
    return _RULES[rule_id]


def by_prefix(prefix: str) -> Iterator[Rule]:
    return (declared for declared in all_rules() if declared.id.startswith(prefix))


def cite(declared: Rule) -> str:
    """The citation appended to a refusal: （《…法》第…条；规则 id）."""
    return _("(%(citation)s; rule %(id)s)") % {"citation": declared.citation, "id": declared.id}


@dataclass(frozen=True)
class Refusal:
    """A rule's refusal of an action: the rule, the message and (optionally) the form field."""

    rule: Rule
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return f"{self.message}{cite(self.rule)}"


def refusal(declared: Rule, message: str, field: str | None = None) -> Refusal:
    return Refusal(rule=declared, message=str(message), field=field)


def raise_refusals(refusals: Iterable[Refusal]) -> None:
    """Raise one ValidationError naming every refusal (by field where it has one)."""
    refusals = list(refusals)
    if not refusals:
        return
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for item in refusals:
        if item.field:
            by_field.setdefault(item.field, []).append(str(item))
        else:
            general.append(str(item))
    if by_field:
        if general:
            by_field.setdefault("__all__", []).extend(general)
        raise ValidationError(by_field)
    raise ValidationError(general)
