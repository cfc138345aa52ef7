"""``{% draft_button "meeting" meeting %}``: the "Đăng tin" button of a record's page (a conference, a study
session, an award decision), shown only to users who may write on the portal whose territory holds the
record's unit (``drafting.portal_for``); nothing when no portal takes that unit's news."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from tuyengiao.portal import access, drafting
from tuyengiao.portal.access import Access

register = template.Library()

_KINDS = {"meeting": ("portal:draft_meeting", "organiser_id"), "decision": ("portal:draft_decision", None)}


@register.inclusion_tag("portal/desk/_draft_button.html", takes_context=True)
def draft_button(context: dict[str, Any], kind: str, record: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    name, field = _KINDS[kind]
    unit_id = getattr(record, field) if field else record.cycle.unit_id
    if user is None or not user.is_authenticated:
        return {"draft_url": ""}
    portal = drafting.portal_for(unit_id)
    if portal is None or access.access(user, portal) < Access.CONTRIBUTOR:
        return {"draft_url": ""}
    url = reverse(name, args=[record.pk])
    return {"draft_url": url, "draft_portal": portal, "csrf_token": context.get("csrf_token")}
