"""The meeting editor of the central administrator offers its units through searchable inputs, not a
``<select>`` of every unit in the country (it was 1.3 MB of HTML and took 14–19 s)."""

from __future__ import annotations

from django.urls import reverse

MAX_BYTES = 300 * 1024


def test_the_meeting_editor_of_the_central_administrator_stays_under_300_kb(personas) -> None:
    response = personas.client(personas.admin).get(reverse("meetings:create"))
    assert response.status_code == 200
    assert len(response.content) < MAX_BYTES


def test_the_meeting_editor_of_a_meeting_before_2025_stays_under_300_kb_for_the_central_administrator(
    personas,
) -> None:
    # Before 01/07/2025 two levels below the centre hold every district: the lists are longest then.
    data = {"day": "21/07/2023", "title": "", "period": "2023S1"}
    response = personas.client(personas.admin).post(reverse("meetings:create"), data)
    assert response.status_code == 200  # the form again, with its errors
    assert len(response.content) < MAX_BYTES
