"""Demo data of supervision (``sanxiang load-demo``): warnings refreshed, an evaluation
template and a finished round over sampled closed cases, and the annual report for the last
full year (2025) if the demo's cases cover it. Idempotent; builds on whatever cases, reviews
and decisions the earlier apps' demos made.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from sanxiang.agencies.models import Agency, User
from sanxiang.supervision import evaluation, services
from sanxiang.supervision import summary as monthly_summary
from sanxiang.supervision.annual import figures
from sanxiang.supervision.annual import services as reports
from sanxiang.supervision.models import AnnualReport, EvaluationRound, EvaluationTemplate

YEAR = 2025
TEMPLATE = "行政处罚案卷评查标准（演示）"
ROUND = f"{YEAR}年度行政处罚案卷评查（演示）"
NARRATIVE = (
    f"{YEAR}年，本机关坚持严格规范公正文明执法，全面推行行政执法公示制度、执法全过程记录制度和"
    "重大执法决定法制审核制度。\n"
    "全年行政执法数据由三项制度平台依据案件数据自动生成，平台尚未采集的项目已注明，"
    "需要时由人工填报并说明来源。\n"
    "下一年度将继续加强执法人员培训和案卷评查，提升执法规范化水平。"
)


def _evaluation_round(supervisor: User, wanxin: Agency, stdout: Any) -> None:
    template = EvaluationTemplate.objects.filter(name=TEMPLATE).first()
    if template is None:
        owner = Agency.objects.get(code="dongli-sfj")
        items = evaluation.default_items()
        template = evaluation.create_template(
            actor=supervisor, owner=owner, name=TEMPLATE, items=items
        )
    if EvaluationRound.objects.filter(name=ROUND).exists():
        return
    try:
        with_sample = evaluation.start_round(
            actor=supervisor, name=ROUND, template=template, agencies=[wanxin],
            closed_from=dt.date(YEAR, 1, 1), closed_to=dt.date(YEAR, 12, 31), sample_size=3,
        )  # fmt: skip
        sampled = evaluation.draw_sample(
            actor=supervisor, evaluation_round=with_sample, seed="demo"
        )
    except ValidationError:
        EvaluationRound.objects.filter(name=ROUND).delete()
        stdout.write(f"案卷评查：{YEAR}年没有已结案件，未抽取演示评查。")
        return
    for sampled_case in sampled:  # the evaluator accepts the pre-scores
        evaluation.score_case(actor=supervisor, evaluation=sampled_case, scores={},
                              comment="经评查，案卷材料基本齐全。")  # fmt: skip
    evaluation.finish_round(actor=supervisor, evaluation_round=with_sample)
    stdout.write(f"案卷评查：{ROUND}，抽取{len(sampled)}件。")


def _annual_report(head: User, wanxin: Agency, stdout: Any) -> None:
    if AnnualReport.objects.filter(agency=wanxin, year=YEAR).exists():
        return
    if not figures.has_data(figures.compute(agency_ids=[wanxin.pk], year=YEAR)):
        stdout.write(f"统计年报：演示数据没有{YEAR}年的案件，未生成年报。")
        return
    report = reports.generate_report(actor=head, agency=wanxin, year=YEAR)
    reports.save_narrative(actor=head, report=report, narrative=NARRATIVE)
    reports.publish_report(actor=head, report=report)
    stdout.write(f"统计年报：已生成并发布万新街{YEAR}年度行政执法统计年报。")


def load(*, stdout: Any) -> None:
    wanxin = Agency.objects.get(code="wanxin")
    supervisor = User.objects.get(username="sfj_supervisor")
    head = User.objects.get(username="wx_head")
    _evaluation_round(supervisor, wanxin, stdout)
    _annual_report(head, wanxin, stdout)
    counts = services.refresh_warnings()
    stdout.write(f"预警已刷新：{counts}")
    rows = monthly_summary.refresh()  # what `sanxiang tick` does daily
    stdout.write(f"看板月度汇总已刷新：{rows} 行。")
