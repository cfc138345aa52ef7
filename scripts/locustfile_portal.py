"""Anonymous readers of the public portal, for Locust; run by ``scripts/bench_portal.py`` (``make bench``).

Each user opens the portal's home page and an article (half and half), one request after the other without think
time: a closed loop that measures what the server can answer, not a reader's pace. The article is one of the
portal's first ``TG_PORTAL_ARTICLES`` live articles (``TG_PORTAL_PATHS``: a JSON list of article paths written by
the script), picked at random, so that the cache holds several pages. Every request says
``X-Forwarded-Proto: https`` as the reverse proxy of docs/deploy.md does. A response other than 200 is a failure.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

HOME = os.environ["TG_PORTAL_HOME"]
ARTICLES: list[str] = json.loads(Path(os.environ["TG_PORTAL_PATHS"]).read_text(encoding="utf-8"))
HEADERS = {"X-Forwarded-Proto": "https", "Accept": "text/html"}


class Reader(FastHttpUser):
    wait_time = constant(0)

    @task
    def home(self) -> None:
        self.client.get(HOME, name="home page", headers=HEADERS)

    @task
    def article(self) -> None:
        self.client.get(random.choice(ARTICLES), name="article", headers=HEADERS)
