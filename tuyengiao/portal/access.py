"""Who may do what on a portal (the editorial side). Every rule is a call into ``accounts.scoping``.

* **Publisher** (approve, schedule, unpublish, archive, manage sections and contributors): the APPROVE capability
  on the portal's commission (its leaders).
* **Editor** (write and edit any article of the portal, submit, send back with a note): WRITE on the commission
  (its specialists).
* **Contributor** (write drafts, edit their own until submitted, submit): a portal ``Contributor`` (cộng tác
  viên), or the staff of any unit of the portal's territory with WRITE there (a commune sends its news through
  its province's portal).
* Anyone else: nothing. Readers of the public site need no account (``views_public``).

Articles on the desk (``articles_for``): a publisher's or editor's portals' articles, and a contributor's own.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from django.db.models import Q, QuerySet
from django.utils import timezone

from tuyengiao.accounts import scoping
from tuyengiao.accounts.models import Capability
from tuyengiao.portal.models import Article, Contributor, Portal
from tuyengiao.units import tree
from tuyengiao.units.models import Unit, covers


class Access(IntEnum):
    NONE = 0
    CONTRIBUTOR = 1
    EDITOR = 2
    PUBLISHER = 3


def _contributor(user: scoping.AnyUser, portal: Portal, today: dt.date) -> bool:
    if Contributor.objects.filter(covers(today), portal=portal, user_id=int(user.pk or 0)).exists():
        return True
    territory = tree.subtree_ids([portal.territory_id], today)
    return Unit.objects.filter(scoping.unit_filter(user, Capability.WRITE, today, "pk"), pk__in=territory).exists()


def access(user: scoping.AnyUser, portal: Portal, today: dt.date | None = None) -> Access:
    """The user's rights on ``portal`` today (memoised on the user object for the request)."""
    if not user.is_authenticated or not user.is_active:
        return Access.NONE
    today = today or timezone.localdate()
    memo: dict[tuple[int, dt.date], Access] = user.__dict__.setdefault("_tg_portal_access", {})
    key = (portal.pk, today)
    if key not in memo:
        if scoping.can(user, Capability.APPROVE, portal.unit, today):
            memo[key] = Access.PUBLISHER
        elif scoping.can(user, Capability.WRITE, portal.unit, today):
            memo[key] = Access.EDITOR
        elif _contributor(user, portal, today):
            memo[key] = Access.CONTRIBUTOR
        else:
            memo[key] = Access.NONE
    return memo[key]


def portals_for(user: scoping.AnyUser, at_least: Access = Access.CONTRIBUTOR) -> list[tuple[Portal, Access]]:
    """The active portals on which the user has at least ``at_least``, with the user's access on each."""
    found = []
    for portal in Portal.objects.filter(is_active=True).select_related("unit", "territory"):
        level = access(user, portal)
        if level >= at_least:
            found.append((portal, level))
    return found


def articles_for(user: scoping.AnyUser) -> QuerySet[Article]:
    """The articles the user sees on the editorial desk."""
    if not user.is_authenticated or not user.is_active:
        return Article.objects.none()
    editing = [portal.pk for portal, level in portals_for(user, Access.EDITOR)]
    return Article.objects.filter(Q(portal_id__in=editing) | Q(created_by_id=user.pk, portal__is_active=True))


def can_edit(user: scoping.AnyUser, article: Article) -> bool:
    """Editors edit any article of their portal; a contributor only their own draft (or one sent back)."""
    level = access(user, article.portal)
    if level >= Access.EDITOR:
        return article.status in {Article.Status.DRAFT, Article.Status.SUBMITTED, Article.Status.UNPUBLISHED}
    return level == Access.CONTRIBUTOR and article.created_by_id == user.pk and article.status == Article.Status.DRAFT
