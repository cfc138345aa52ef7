from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tuyengiao.accounts.models import User
from tuyengiao.front import worklist
from tuyengiao.units import tree
from tuyengiao.units.models import UnitVersion


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What needs the user (``worklist``: reports to send, returned, to accept; tasks; meetings; open plans and
    emulation steps; for leaders the figures at a glance), then the user's units today, each with its name, role
    and how many units are under it."""
    assert isinstance(request.user, User)
    today = timezone.localdate()
    memberships = list(request.user.active_memberships(today).order_by("unit__level", "unit__code"))
    versions = {
        v.unit_id: v for v in UnitVersion.objects.as_of(today).filter(unit_id__in=[m.unit_id for m in memberships])
    }
    cards = []
    for membership in memberships:
        version = versions.get(membership.unit_id)
        counts = tree.level_counts(today, membership.unit) if version else {}
        cards.append({"membership": membership, "version": version, "counts": counts})
    work = worklist.build(request.user, today)
    return render(request, "front/home.html", {"cards": cards, "today": today, "work": work})
