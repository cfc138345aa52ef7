"""Schemathesis against the API's own OpenAPI schema, in process (WSGI), authenticated with a token.

For every operation a bounded number of generated requests (``EXAMPLES``) of Đắk Lắk's provincial leader (who
reads a province, so the scoped code paths run): no answer is a 5xx, and every answer (200s, 404s, 422s …) has a
documented status, content type and body matching the schema. Runs in the normal ``pytest`` run (SQLite and
PostgreSQL); the whole file stays under two minutes on a two-core machine.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tuyengiao.api.main import api
from tuyengiao.api.models import ApiToken

EXAMPLES = 12

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
# Examples and fuzzing (positive and negative data), bounded; not the coverage phase, whose boundary cases per
# parameter multiply into hundreds of calls per operation.
schema.config.phases.update(phases=["examples", "fuzzing"])
schema.config.generation.update(max_examples=EXAMPLES, deterministic=True, database="none")

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def bearer(personas: Any, settings: Any) -> dict[str, str]:
    settings.TG_API_RATE = "100000/minute"  # generated calls are many; the limit has its own tests
    cache.clear()
    _token, secret = ApiToken.issue(personas.leader, "schemathesis", created_by=personas.leader)
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_within_its_schema(case: Any, bearer: dict[str, str]) -> None:
    headers = dict(bearer)
    if case.method in {"POST", "PUT", "PATCH", "DELETE"}:
        headers.setdefault("If-Match", '"1"')
    case.call_and_validate(headers=headers, checks=CHECKS)
