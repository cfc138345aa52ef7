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


def _levels(user: scoping.AnyUser, today: dt.date) -> dict[int, Access]:
    """The user's access on every active portal where it is not NONE, in four queries however many portals there
    are (memoised on the user object for the request). The rules are the module docstring's, each through
    ``scoping``: APPROVE / WRITE on the portal's commission; a ``Contributor`` row in force; WRITE on a unit of the
    territory's subtree, i.e. the territory is one of the user's write roots or one of their ancestors."""
    memo: dict[dt.date, dict[int, Access]] = user.__dict__.setdefault("_tg_portal_levels", {})
    if today in memo:
        return memo[today]
    levels: dict[int, Access] = {}
    if user.is_authenticated and user.is_active:
        active = Portal.objects.filter(is_active=True)
        roots = scoping.root_ids(user, Capability.WRITE)
        above = set(roots)
        if roots:
            ancestors = Q()
            for root in roots:
                ancestors |= Q(pk__in=tree.ancestor_ids(root, today))
            above |= set(Unit.objects.filter(ancestors).values_list("pk", flat=True))
        territory = Q(territory_id__in=above) if not user.is_superuser else Q()
        named = Contributor.objects.filter(covers(today), user_id=int(user.pk or 0)).values("portal_id")
        for pk in active.filter(territory | Q(pk__in=named)).values_list("pk", flat=True):
            levels[pk] = Access.CONTRIBUTOR
        for pk in active.filter(scoping.unit_filter(user, Capability.WRITE, today, "unit")).values_list(
            "pk", flat=True
        ):
            levels[pk] = Access.EDITOR
        for pk in active.filter(scoping.unit_filter(user, Capability.APPROVE, today, "unit")).values_list(
            "pk", flat=True
        ):
            levels[pk] = Access.PUBLISHER
    memo[today] = levels
    return levels


def access(user: scoping.AnyUser, portal: Portal, today: dt.date | None = None) -> Access:
    """The user's rights on ``portal`` today (an inactive portal: none)."""
    return _levels(user, today or timezone.localdate()).get(portal.pk, Access.NONE)


def portals_for(user: scoping.AnyUser, at_least: Access = Access.CONTRIBUTOR) -> list[tuple[Portal, Access]]:
    """The active portals on which the user has at least ``at_least``, with the user's access on each."""
    levels = {pk: level for pk, level in _levels(user, timezone.localdate()).items() if level >= at_least}
    portals = Portal.objects.filter(pk__in=levels).select_related("unit", "territory").order_by("pk")
    return [(portal, levels[portal.pk]) for portal in portals]


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
