"""The month-end load's users, for Locust; run by ``scripts/bench_load.py`` (``make bench-load``), not by hand.

Two kinds of users, 40:10, each on its own account (the plan, a JSON file named by ``TG_LOAD_PLAN``, lists the
accounts, the form, the month and the province):

* ``CommuneSpecialist``: signs in through the login form, opens the reports home and its entry page for the last
  closed month, saves a draft with a few figures, then submits once with every figure of the form (``…/gui/``,
  which shows what will be sent) and confirms (``xac_nhan``).
  A submitted report is read-only: afterwards it only re-opens its entry page and the reports home.
* ``Reader`` (a leader of the provincial commission): signs in, then opens the province's consolidated figures
  and completeness for the form and the month, the document registry and a document from it.

Think time: ``TG_LOAD_THINK`` seconds, "low,high" (the month-end scenario 5–15 s: a person reads the page or types
figures before the next click; the stress scenario 1–3 s). Like a browser, a user follows each redirect after a form
post (login → home, save or submit → the entry page again). A response is a failure when its status is not the one
the step expects: a 5xx always, and a 4xx or an unexpected redirect (e.g. to the login page) too. Every submit
answered with the redirect that means "submitted" is appended to ``submissions.jsonl`` in ``TG_LOAD_RESULTS`` with
the figures posted, so that the script checks afterwards that each one is in the database; ``counters.json`` there
gets the statuses seen.

The server runs in production mode (secure cookies: HTTPS assumed, ended by nginx) on plain HTTP. Like the
reverse proxy of docs/deploy.md, every request says ``X-Forwarded-Proto: https``, posts carry the ``Origin`` a
browser sends, and the cookie jar carries the secure cookies over this local hop (``_carry_cookies``).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from locust.clients import ResponseContextManager

THINK = tuple(float(bound) for bound in os.environ.get("TG_LOAD_THINK", "5,15").split(","))
PLAN: dict[str, Any] = json.loads(Path(os.environ["TG_LOAD_PLAN"]).read_text(encoding="utf-8"))
RESULTS = Path(os.environ["TG_LOAD_RESULTS"])
LOGIN = "/tai-khoan/dang-nhap/"
REPORTS_HOME = "/bao-cao/"
DOCUMENTS = "/van-ban/"

COMMUNES: list[dict[str, Any]] = list(PLAN["communes"])
READERS: list[dict[str, Any]] = list(PLAN["readers"])
STATUSES: Counter[str] = Counter()  # "request name → status" → responses

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_REVISION = re.compile(r'name="revision" value="(\d+)"')
_TAG = re.compile(r"<(input|select|textarea)\b([^>]*)>")
_NAME = re.compile(r'\bname="([^"]+)"')
_INPUTMODE = re.compile(r'\binputmode="([^"]+)"')
_DOCUMENT = re.compile(r'href="/van-ban/(\d+)/"')
_ERROR = re.compile(r'<div class="invalid-feedback"[^>]*>([^<]+)</div>|<div class="alert alert-danger"[^>]*>([^<]+)<')


class Failed(Exception):
    """A step got an answer that ends the user's current task (already recorded as a failure)."""


def _check(response: ResponseContextManager, name: str, expected: int, content: str = "") -> bool:
    """Record the response as a success or a failure (by status, then by ``content``'s complaint)."""
    status = response.status_code
    STATUSES[f"{name} → {status}"] += 1
    if status == expected and not content:
        response.success()
        return True
    if status == expected:
        response.failure(content)
    elif status >= 500:
        response.failure(f"HTTP {status} (server error)")
    elif status == 0:
        response.failure(f"no response: {response.error}")
    elif status in (301, 302, 303):
        response.failure(f"HTTP {status} to {response.headers.get('Location', '?')} (expected {expected})")
    else:
        found = _ERROR.search(response.text or "")
        detail = f": {(found.group(1) or found.group(2)).strip()[:160]}" if found else ""
        response.failure(f"HTTP {status} (expected {expected}){detail}")
    return False


class _Browser(HttpUser):
    """A signed-in user of the production site (HTTPS as the application sees it, CSRF as a browser does it)."""

    abstract = True
    wait_time = between(THINK[0], THINK[1])
    account: dict[str, Any]
    signed_in = False

    def on_start(self) -> None:
        self.client.headers["X-Forwarded-Proto"] = "https"
        self.origin = "https://" + (self.host or "").split("://", 1)[-1].rstrip("/")
        self.sign_in()

    def get(self, url: str, name: str, complaint: Callable[[str], str] | None = None) -> str:
        """The page's HTML; raises ``Failed`` unless it answered 200 (and ``complaint`` found nothing)."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            text = response.text or ""
            problem = complaint(text) if complaint and response.status_code == 200 else ""
            ok = _check(response, name, 200, problem)
        self._carry_cookies()
        if not ok:
            raise Failed(name)
        return text

    def post(self, url: str, data: dict[str, str], name: str, page: str) -> str | None:
        """Post a form of ``page`` (its CSRF token); the redirect's target on success (302), else None."""
        response = self._send(url, data, name, page, 302)
        return str(response.headers.get("Location", "")) if response is not None else None

    def post_for_page(self, url: str, data: dict[str, str], name: str, page: str) -> str | None:
        """Post a form of ``page`` that answers with a page (200), e.g. the confirmation before a submit."""
        response = self._send(url, data, name, page, 200)
        return (response.text or "") if response is not None else None

    def _send(self, url: str, data: dict[str, str], name: str, page: str, expected: int) -> Any:
        """The response when it had the ``expected`` status (recorded as a success), else None."""
        token = _CSRF.search(page)
        headers = {"Origin": self.origin, "Referer": self.origin + url}
        body = {"csrfmiddlewaretoken": token.group(1) if token else "", **data}
        with self.client.post(
            url, data=body, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            ok = _check(response, name, expected)
        self._carry_cookies()
        return response if ok else None

    def _carry_cookies(self) -> None:
        """TLS ends at the proxy, so the session and CSRF cookies are "secure", and a cookie jar sends those over
        HTTPS only: the jar here keeps them as plain cookies for this local HTTP hop (the browser's side has TLS)."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def sign_in(self) -> None:
        try:
            page = self.get(LOGIN, "login page")
        except Failed:
            return
        credentials = {"username": self.account["username"], "password": self.account["password"]}
        target = self.post(LOGIN, credentials, "login", page)
        if target is None:
            return
        self.signed_in = True
        with contextlib.suppress(Failed):
            self.get(target, "home (after login)")


class CommuneSpecialist(_Browser):
    """A commune's specialist at month end: a draft, one submit, then only reading."""

    weight = 40

    def on_start(self) -> None:
        if not COMMUNES:
            raise RuntimeError("more commune users than commune accounts in the plan")
        self.account = COMMUNES.pop(0)
        self.entry = f"/bao-cao/nhap/{self.account['unit']}/{PLAN['form']}/{PLAN['period']}/"
        self.submit_url = f"{self.entry}gui/"
        self.state = "draft"  # draft → submit → read
        self.page = ""  # the entry page last shown, whose form the next post sends
        self.figures: dict[str, str] = {}
        super().on_start()

    def editable(self, page: str) -> bool:
        return f'formaction="{self.submit_url}"' in page

    @task
    def month_end(self) -> None:
        try:
            if not self.signed_in:
                self.sign_in()
            elif self.state == "draft":
                self.save_draft()
            elif self.state == "submit":
                self.submit()
            else:
                self.get(self.entry, "entry page")
                self.get(REPORTS_HOME, "reports home")
        except Failed:
            pass

    def save_draft(self) -> None:
        self.get(REPORTS_HOME, "reports home")
        page = self.get(self.entry, "entry page")
        if not self.editable(page):  # submitted already (e.g. by the unit's other specialist)
            self.state = "read"
            return
        self.figures = _draw(page)
        numbers = [name for name, value in self.figures.items() if name.startswith("v-") and value[:1].isdigit()]
        some = {name: self.figures[name] for name in random.sample(numbers, min(5, len(numbers)))}
        if self.post(self.entry, {"revision": _revision(page), **some}, "save draft", page) is not None:
            self.page = self.get(self.entry, "entry page")
            self.state = "submit"

    def submit(self) -> None:
        page = self.page
        self.state = "read"  # once, whatever the answer: a real user would call the province, not post again
        if not self.editable(page):
            return
        # Two steps, as on the page: the figures are saved and shown back, then "Xác nhận gửi" sends them.
        review = {"revision": _revision(page), **self.figures}
        shown = self.post_for_page(self.submit_url, review, "submit (review)", page)
        if shown is None:
            return
        if self.post(self.submit_url, {"revision": _revision(shown), "xac_nhan": "1"}, "submit", shown) is None:
            return
        record = {"username": self.account["username"], "unit": self.account["unit"], "figures": self.figures}
        with (RESULTS / "submissions.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.get(
            self.entry,
            "entry page",
            lambda after: "still editable after a successful submit" if self.editable(after) else "",
        )


def _revision(page: str) -> str:
    found = _REVISION.search(page)
    if found is None:
        raise Failed("an entry page without its revision")
    return found.group(1)


def _draw(page: str) -> dict[str, str]:
    """Figures for every editable field of the entry page: small whole numbers, decimals and percentages under
    100 with a Vietnamese decimal comma, yes/no, a proposal; each "at most" ceiling of the form respected; and
    the first narrative section."""
    values: dict[str, str] = {}
    narratives: list[str] = []
    for tag, attributes in _TAG.findall(page):
        named = _NAME.search(attributes)
        if named is None or "disabled" in attributes or "readonly" in attributes:
            continue  # figures computed from the registry have no name and are read-only
        name = named.group(1)
        if name.startswith("section-"):
            narratives.append(name)
        elif not name.startswith("v-"):
            continue
        elif tag == "select":
            values[name] = random.choice(("co", "khong"))
        elif tag == "textarea":
            values[name] = "Thử tải cuối tháng: đề nghị cấp trên hỗ trợ kinh phí sửa loa truyền thanh cơ sở."
        elif (mode := _INPUTMODE.search(attributes)) and mode.group(1) == "numeric":
            values[name] = str(random.randint(0, 40))
        else:
            values[name] = f"{random.randint(0, 98)},{random.choice('05')}"
    for code, ceiling in PLAN["ceilings"].items():
        low, high = values.get(f"v-{code}"), values.get(f"v-{ceiling}")
        if low is not None and high is not None and _number(low) > _number(high):
            values[f"v-{code}"] = high
    for name in narratives[:1]:
        values[name] = "Tháng này đã tổ chức học tập nghị quyết, duy trì loa truyền thanh cơ sở."
    return values


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


class Reader(_Browser):
    """A leader of the provincial commission reading the month's consolidation, completeness and documents."""

    weight = 10

    def on_start(self) -> None:
        if not READERS:
            raise RuntimeError("more reader users than reader accounts in the plan")
        self.account = READERS.pop(0)
        self.documents: list[str] = []
        super().on_start()

    def read(self, url: str, name: str) -> str:
        if not self.signed_in:
            self.sign_in()
            return ""
        try:
            return self.get(url, name)
        except Failed:
            return ""

    @task(3)
    def consolidated(self) -> None:
        self.read(
            f"/bao-cao/tong-hop/?don_vi={PLAN['province']}&mau={PLAN['form']}&ky={PLAN['period']}", "consolidated"
        )

    @task(3)
    def completeness(self) -> None:
        self.read(f"/bao-cao/day-du/{PLAN['province']}/{PLAN['form']}/{PLAN['period']}/", "completeness")

    @task(2)
    def document_list(self) -> None:
        if page := self.read(DOCUMENTS, "documents list"):
            self.documents = sorted(set(_DOCUMENT.findall(page)))

    @task(2)
    def document(self) -> None:
        if not self.documents:
            self.document_list()
        if self.documents:
            self.read(f"{DOCUMENTS}{random.choice(self.documents)}/", "document detail")


@events.test_stop.add_listener
def _write_counters(**_kwargs: Any) -> None:
    (RESULTS / "counters.json").write_text(json.dumps({"statuses": dict(STATUSES)}, indent=1), encoding="utf-8")
