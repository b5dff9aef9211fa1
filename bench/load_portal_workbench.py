"""Load test of the portal and the workbench (locust): citizens and signed-in staff.

Run by ``bench/load_run.sh`` against the demo data (``sanxiang load-demo``) on PostgreSQL
behind gunicorn on loopback; see docs/benchmarks.md → Load. Not part of ``make test``.

Citizens (four in five users) read the portal: the home page, the power list and its items,
the decision list, searches and decision pages, credential verification and the ledger
page. Staff (one in five) sign in with a demo login and use the workbench: my work, the case
list, case pages, decisions and the supervision dashboard. Each user pauses between pages as
a person does. Links are found on the pages themselves, so the script follows whatever the
demo publishes. Every request is named by page type, which is how the report groups them.
The baseline of the same run is one citizen, then one member of staff, alone and without
pauses (``LOAD_PACE=0``).
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

# Think time between pages, scaled: LOAD_PACE=0 runs one user flat out for the baseline.
PACE = float(os.environ.get("LOAD_PACE", "1"))
DEMO_PASSWORD = "Sanxiang-Demo-2026"
STAFF = ["wx_officer", "wx_officer2", "wx_reviewer", "wx_head", "wx_publisher", "sfj_supervisor"]
WATCHERS = {"wx_head", "sfj_supervisor"}
SEARCH_WORDS = ["罚款", "万新街", "占道经营", "处罚", "噪声", "2026", "张某", "'; DROP TABLE", "%_"]

_DECISION = re.compile(r'href="(/decisions/[^"/]+/)"')
_POWER = re.compile(r'href="(/powers/[^"/]+/[^"/]+/)"')
_AGENCY = re.compile(r'href="/agencies/([^"/]+)/"')
_CREDENTIAL = re.compile(r'href="(/credentials/[^"/]+/)"')
_CASE = re.compile(r'href="(/workbench/cases/\d+/)"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _links(pattern: re.Pattern[str], html: str) -> list[str]:
    return sorted(set(pattern.findall(html)))


class Citizen(HttpUser):
    """A member of the public reading the portal."""

    weight = 4
    wait_time = between(5 * PACE, 30 * PACE)  # reading a page: seconds to half a minute

    def on_start(self) -> None:
        self.decisions: list[str] = []
        self.powers: list[str] = []
        self.credentials: list[str] = []
        page = self.client.get("/decisions/", name="portal decision list")
        self.decisions = _links(_DECISION, page.text)
        page = self.client.get("/powers/", name="portal power list")
        self.powers = _links(_POWER, page.text)
        agencies = _links(_AGENCY, self.client.get("/agencies/", name="portal agencies").text)
        if agencies:
            code = random.choice(agencies)
            page = self.client.get(f"/agencies/{code}/officers/", name="portal officers")
            self.credentials = _links(_CREDENTIAL, page.text)

    @task(5)
    def home(self) -> None:
        self.client.get("/", name="portal home")

    @task(3)
    def power_list(self) -> None:
        self.client.get("/powers/", name="portal power list")

    @task(3)
    def power_item(self) -> None:
        if self.powers:
            self.client.get(random.choice(self.powers), name="portal power item")

    @task(4)
    def decision_list(self) -> None:
        self.client.get("/decisions/", name="portal decision list")

    @task(4)
    def search(self) -> None:
        word = random.choice(SEARCH_WORDS)
        self.client.get("/search/", params={"q": word}, name="portal search")

    @task(6)
    def decision(self) -> None:
        if self.decisions:
            self.client.get(random.choice(self.decisions), name="portal decision page")

    @task(2)
    def credential(self) -> None:
        if self.credentials:
            self.client.get(random.choice(self.credentials), name="portal credential")
        else:
            self.client.get(
                "/credentials/", params={"number": "12120000"}, name="portal credential"
            )

    @task(1)
    def ledger(self) -> None:
        self.client.get("/ledger/", name="portal ledger")


class Staff(HttpUser):
    """An officer, reviewer, head, publisher or supervisor at work in the workbench."""

    weight = 1
    wait_time = between(10 * PACE, 40 * PACE)  # staff read and type between pages

    def on_start(self) -> None:
        self.username = random.choice(STAFF)
        page = self.client.get("/accounts/login/", name="login")
        token = _CSRF.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure(f"{self.username} could not sign in")
        self.cases: list[str] = []
        self.cases = _links(_CASE, self.client.get("/workbench/cases/", name="wb case list").text)

    @task(5)
    def my_work(self) -> None:
        self.client.get("/workbench/", name="wb my work")

    @task(4)
    def case_list(self) -> None:
        self.client.get("/workbench/cases/", name="wb case list")

    @task(6)
    def case_page(self) -> None:
        if self.cases:
            self.client.get(random.choice(self.cases), name="wb case page")

    @task(2)
    def decisions(self) -> None:
        self.client.get("/workbench/decisions/", name="wb decision list")

    @task(2)
    def dashboard(self) -> None:
        if self.username in WATCHERS:  # the dashboard is for heads and supervisors
            self.client.get("/workbench/dashboard/", name="wb dashboard")
        else:
            self.client.get("/workbench/decisions/", name="wb decision list")
