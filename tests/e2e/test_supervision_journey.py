"""Supervision journey on the demo's data: the supervisor sees warnings with links and presses
one (督办); the agency head acknowledges and resolves it with a trail; dashboards with charts
(inline SVG, no outside asset); the head generates the annual report for the demo's last full
year and downloads it as Word, Excel and PDF; the supervisor starts a case-file evaluation,
draws the sample and scores a case."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from sanxiang.agencies import demo as agencies_demo
from sanxiang.agencies.models import Agency, User
from sanxiang.cases import demo as cases_demo
from sanxiang.decisions import demo as decisions_demo
from sanxiang.records import demo as records_demo
from sanxiang.review import demo as review_demo
from sanxiang.supervision import evaluation, services, summary
from sanxiang.supervision.models import Warning, WarningEvent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
YEAR = 2025  # the demo's last full year


def _sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(agencies_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workbench/")


def _outside_requests(page, live_server):
    seen: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else seen.append(r.url))
    return seen


def test_the_supervisor_journey_over_the_demo(browser, live_server, page):
    out = io.StringIO()
    for loader in (agencies_demo, cases_demo, records_demo, review_demo, decisions_demo):
        loader.load(stdout=out)
    services.refresh_warnings()  # what `sanxiang tick` does
    summary.refresh()
    supervisor = User.objects.get(username="sfj_supervisor")
    evaluation.create_template(actor=supervisor, owner=supervisor.agency, name="案卷评查标准",
                               items=evaluation.default_items())  # fmt: skip
    outside = _outside_requests(page, live_server)

    # The supervisor sees the warnings, each a link, and presses one (督办).
    _sign_in(page, "sfj_supervisor")
    page.goto("/workbench/warnings/")
    links = page.locator("main table a")
    assert links.count() >= 1
    title = links.first.inner_text()
    links.first.click()
    assert page.locator("h1").inner_text() == title
    warning = Warning.objects.get(title=title)
    matter = page.get_by_role("link", name="查看相关事项").get_attribute("href")
    assert matter and matter == warning.url
    page.locator("#handle-form textarea").fill("请于五个工作日内整改并报告。")
    page.get_by_role("button", name="督办").click()
    assert "请于五个工作日内整改并报告" in page.locator("main").inner_text()

    # The agency's head acknowledges and resolves it; the trail keeps every step.
    _sign_in(page, "wx_head")
    page.goto(f"/workbench/warnings/{warning.pk}/")
    page.get_by_role("button", name="标记为已知悉").click()
    page.locator("#handle-form textarea").fill("已责成承办人员办理，并完成整改。")
    page.get_by_role("button", name="办结").click()
    trail = page.locator("main ol").inner_text()
    assert "请于五个工作日内整改并报告" in trail and "已责成承办人员办理" in trail
    assert WarningEvent.objects.filter(warning=warning).count() >= 3

    # The head generates the annual report for the last full year and downloads it.
    page.goto("/workbench/reports/")
    page.get_by_label("执法主体").select_option(label=Agency.objects.get(code="wanxin").name)
    page.get_by_label("年度").fill(str(YEAR))
    page.get_by_role("button", name="由案件数据生成").click()
    page.wait_for_url("**/workbench/reports/*/")
    main = page.locator("main").inner_text()
    assert "罚款" in main and "被行政复议数量" in main
    files = {}
    for name in ("Word", "Excel", "PDF"):
        href = page.get_by_role("link", name=name, exact=True).get_attribute("href")
        response = page.request.get(href)
        assert response.ok, name
        files[name] = response.body()
    word = Document(io.BytesIO(files["Word"]))
    assert any("罚款" in cell.text for t in word.tables for row in t.rows for cell in row.cells)
    sheet = load_workbook(io.BytesIO(files["Excel"])).worksheets[0]
    assert any(row and row[0] == "罚款" for row in sheet.iter_rows(values_only=True))
    assert files["PDF"].startswith(b"%PDF")

    # The supervisor opens the dashboard: every panel with data is drawn as an SVG chart.
    _sign_in(page, "sfj_supervisor")
    page.goto(f"/workbench/dashboard/?start={YEAR}-01-01&end={YEAR}-12-31")
    charts = page.locator("figure.chart svg")
    assert charts.count() >= 3
    assert charts.first.bounding_box()["width"] > 100
    assert "行政复议、行政诉讼和移送司法机关" in page.locator("main").inner_text()

    # An evaluation round: create it, draw the sample, score a case file.
    page.goto("/workbench/evaluation/new/")
    page.locator("#id_name").fill(f"{YEAR}年度案卷评查")
    page.locator("#id_template").select_option(label="案卷评查标准")
    page.get_by_label("东丽区人民政府万新街道办事处").check()
    page.locator("#id_closed_from").fill(f"{YEAR}-01-01")
    page.locator("#id_closed_to").fill(f"{YEAR}-12-31")
    page.locator("#id_sample_size").fill("2")
    page.get_by_role("button", name="创建").click()
    page.get_by_role("button", name="随机抽取案卷").click()
    sampled = page.locator("main table tbody a")
    assert sampled.count() == 2
    sampled.first.click()
    page.get_by_label("总体意见").fill("案卷材料齐全，程序合法。")
    page.get_by_role("button", name="保存评分").click()
    assert "评分已保存" in page.locator("body").inner_text()
    assert outside == []  # no outside asset anywhere on the way
