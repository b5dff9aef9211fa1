"""The items of the annual report: which table, how each is counted, and what the platform
does not record yet (those are entered by hand, with a note, and marked so).

A frozen report stores only values by key; labels and notes come from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Basis(models.TextChoices):
    COMPUTED = "computed", _("From case data")
    PARTIAL = "partial", _("From case data, partly")
    NONE = "none", _("Not recorded by the platform")


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    PEOPLE = "people", pgettext_lazy("unit", "people")
    WAN = "wan", _("10,000 yuan")  # 万元: the standard's unit for amounts
    PERCENT = "percent", _("percent")


@dataclass(frozen=True)
class Item:
    key: str
    label: str | Promise
    basis: Basis = Basis.COMPUTED
    unit: Unit = Unit.COUNT
    note: str | Promise = ""


@dataclass(frozen=True)
class Table:
    key: str
    title: str | Promise
    items: tuple[Item, ...]


NOT_RECORDED = _("The platform does not record this yet: enter the figure by hand.")
FILED = _("Cases of this category filed in the year.")

# Light to heavy, as the statistical standard orders them (domain-notes §5); a decision with
# several types counts once, under the heaviest — except that a fine with anything else
# counts as a fine ("处罚款并处其他" 计入罚款). ``other`` has no rank in the standard: it
# counts only when nothing else was imposed.
PENALTY_BUCKETS: tuple[tuple[str, tuple[str, ...], str | Promise], ...] = (
    ("other", ("other",), _("Other penalties")),
    ("warning", ("warning",), _("Warning")),
    ("criticism", ("criticism",), _("Circulated criticism")),
    ("fine", ("fine",), _("Fine")),
    ("confiscation", ("confiscate_gains", "confiscate_property"),
     _("Confiscation of illegal gains or property")),
    ("suspend_licence", ("suspend_licence",), _("Suspension of a licence")),
    ("downgrade", ("downgrade",), _("Lowering of a qualification grade")),
    ("restrict_business", ("restrict_business",), _("Restriction of business activities")),
    ("suspend_business", ("suspend_business",), _("Order to suspend production or business")),
    ("close", ("close", "bar_practice"), _("Order to close, or restriction on practising")),
    ("revoke_licence", ("revoke_licence",), _("Revocation of a licence")),
    ("detention", ("detention",), _("Administrative detention")),
)  # fmt: skip
# Rows in the order of the standard's table (其他 last).
PENALTY_ROWS = PENALTY_BUCKETS[1:] + PENALTY_BUCKETS[:1]

TABLES: tuple[Table, ...] = (
    Table("licensing", _("Administrative licensing"), (
        Item("licensing.applications", _("Applications"), Basis.NONE, note=_(
            "A licensing case is opened when an application is accepted; applications not "
            "accepted are not recorded. Enter the figure by hand.")),
        Item("licensing.accepted", _("Accepted"), note=_("Licensing cases filed in the year.")),
        Item("licensing.granted", _("Granted"), note=_(
            "Licensing decisions made in the year that grant the licence.")),
        Item("licensing.refused", _("Refused"), note=_(
            "Licensing decisions made in the year that refuse the licence.")),
        Item("licensing.revoked", pgettext_lazy("annual report item", "Revoked"), note=_(
            "Licensing decisions revoked in the year.")),
    )),
    Table("penalty", _("Administrative penalties"), (
        *(Item(f"penalty.{key}", label) for key, _types, label in PENALTY_ROWS),
        Item("penalty.total", _("Total (cases)"), note=_(
            "Decisions made in the year, including those later revoked; one decision is one "
            "case, counted under its heaviest type; a fine with other penalties counts as a "
            "fine.")),
        Item("penalty.amount", _("Fines and confiscations"), unit=Unit.WAN, note=_(
            "The amounts in the decision letters; confiscations only where the amount is "
            "determined.")),
        Item("penalty.later_changed", _("Of which later revoked or changed"), note=_(
            "Included in the total above.")),
    )),
    Table("coercion", _("Administrative coercion"), (
        Item("coercion.cases", _("Coercion cases filed"), note=FILED),
        Item("coercion.detain_person", _("Measures: restriction of personal freedom"),
             Basis.NONE, note=NOT_RECORDED),
        Item("coercion.seal_seize", _("Measures: sealing up or seizing"), note=_(
            "Sealing and seizure acts completed in the year (recorded together).")),
        Item("coercion.freeze", _("Measures: freezing deposits or remittances"), Basis.NONE,
             note=NOT_RECORDED),
        Item("coercion.measure_other", _("Measures: other"), Basis.NONE, note=NOT_RECORDED),
        Item("coercion.surcharge", _("Execution: late-payment surcharge"), note=_(
            "Surcharges imposed in the year (行政处罚法 第七十二条).")),
        Item("coercion.transfer", _("Execution: transfer of deposits"), Basis.NONE,
             note=NOT_RECORDED),
        Item("coercion.auction", _("Execution: auction or disposal of seized property"),
             Basis.NONE, note=NOT_RECORDED),
        Item("coercion.restore", _("Execution: removing obstruction, restoring the original"),
             note=_("Forced demolitions completed in the year.")),
        Item("coercion.substitute", _("Execution: performance by substitute"), Basis.NONE,
             note=NOT_RECORDED),
        Item("coercion.court", _("Applications to the court for enforcement"), note=_(
            "Applications recorded in the year.")),
    )),
    Table("acts", _("Other enforcement acts"), (
        Item("acts.levy_requisition", _("Levy and requisition"), note=_(
            "Cases filed in the year; levy and requisition share one category of the power "
            "list, so they are counted together.")),
        Item("acts.inspection", _("Inspection"), note=FILED),
        Item("acts.confirmation", _("Confirmation"), note=FILED),
        Item("acts.benefit", _("Benefit"), note=FILED),
        Item("acts.adjudication", _("Adjudication"), note=FILED),
        Item("acts.reward", _("Reward"), note=FILED),
        Item("acts.other", _("Other acts"), note=FILED),
    )),
    Table("extended", _("Further figures"), (
        Item("ext.filed", _("Penalty cases filed")),
        Item("ext.closed", _("Penalty cases closed")),
        Item("ext.no_penalty", _("Cases with no penalty imposed"), Basis.PARTIAL, note=_(
            "Only cases whose legal review cleared a no-penalty outcome; others are not "
            "recorded apart.")),
        Item("ext.mitigated", _("Cases with a mitigated penalty"), Basis.PARTIAL, note=_(
            "Only decisions behind a legal review at the mitigated step.")),
        Item("ext.mitigated_amount", _("Fines in mitigated cases"), Basis.PARTIAL, Unit.WAN),
        Item("ext.reconsideration", _("Reconsiderations applied for"), note=_(
            "Applications for reconsideration of the agency's decisions made in the year, as "
            "recorded on the decisions.")),
        Item("ext.reconsideration_corrected", _("Reconsiderations that corrected the agency"),
             note=_("Reconsideration decisions of the year that revoked, changed, confirmed "
                    "illegal or void, or ordered the decision to be made again.")),
        Item("ext.corrected", _("Decisions corrected"), note=_(
            "Decisions revoked, changed, confirmed illegal or void, or to be made again, in "
            "the year, by reconsideration, litigation or the agency itself.")),
        Item("ext.litigation", _("Lawsuits against the agency"), note=_(
            "Lawsuits against the agency's decisions filed in the year.")),
        Item("ext.lost", _("Lawsuits lost"), note=_(
            "Judgments of the year that revoked, changed, confirmed illegal or void, or ordered "
            "the decision to be made again.")),
        Item("ext.transferred", _("Cases transferred to the judicial organs"), note=_(
            "Cases transferred in the year on suspicion of a crime.")),
        Item("ext.officers", _("Officers on the roll at the year's end"), unit=Unit.PEOPLE),
        Item("ext.credentialed", _("Of which holding a valid credential"), unit=Unit.PEOPLE),
        Item("ext.credential_rate", _("Credential rate"), unit=Unit.PERCENT),
        Item("ext.reviews", _("Legal reviews submitted")),
        Item("ext.reviews_passed", _("Reviews passed")),
        Item("ext.reviews_returned", _("Reviews returned for revision")),
        Item("ext.reviews_open", _("Reviews still open or disputed")),
        Item("ext.published_on_time", _("Decisions published on time"), Basis.NONE,
             note=NOT_RECORDED),
    )),
)  # fmt: skip

ITEMS: dict[str, Item] = {item.key: item for table in TABLES for item in table.items}
MANUAL_KEYS = frozenset(k for k, item in ITEMS.items() if item.basis != Basis.COMPUTED)
