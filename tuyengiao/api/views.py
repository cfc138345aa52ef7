"""The API token pages, in the accounts area (/tai-khoan/ma-api/…; docs/api.md "Lấy mã truy cập").

* A user's own tokens: list (name, the first characters, created, last used, expiry, state), create (name and an
  optional expiry day; the secret is shown once, in the response to the POST, never stored in clear, in the
  session or in a cache), revoke.
* An administrator's page: the tokens of every account they manage (``accounts.views.manageable_users``),
  revoke any of them; create service accounts (a ``User`` with ``is_service_account``, no usable password,
  memberships managed on the account's page like anyone's) and tokens for them.

Audit: a token records who created it and who revoked it, when (fields), and ``simple_history`` keeps its
rows (``ApiToken.history``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.accounts.forms import MembershipForm, UserForm
from tuyengiao.accounts.models import Membership, User
from tuyengiao.accounts.views import administrator_required, manageable_users
from tuyengiao.api.forms import ServiceTokenForm, TokenForm
from tuyengiao.api.models import ApiToken


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def _own_page(
    request: HttpRequest, form: TokenForm | None = None, *, secret: str = "", created: ApiToken | None = None
) -> HttpResponse:
    user = _user(request)
    tokens = ApiToken.objects.filter(user=user).select_related("revoked_by", "created_by")
    context = {
        "form": form or TokenForm(),
        "tokens": tokens,
        "secret": secret,
        "created": created,
        "now": timezone.now(),
    }
    status = 400 if form is not None and form.errors else 200
    return _no_store(render(request, "accounts/api_tokens.html", context, status=status))


@never_cache
@login_required
@require_GET
def my_tokens(request: HttpRequest) -> HttpResponse:
    return _own_page(request)


@sensitive_variables("secret")
@never_cache
@login_required
@require_POST
def my_token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _own_page(request, form)
    user = _user(request)
    with transaction.atomic():
        token, secret = ApiToken.issue(user, form.cleaned_data["name"], created_by=user, expires_at=form.expires_at())
    return _own_page(request, secret=secret, created=token)


def _revoke(token: ApiToken, by: User) -> None:
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.revoked_by = by
            locked.save(update_fields=["revoked_at", "revoked_by"])


@login_required
@require_POST
def my_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=_user(request), pk=pk).first()
    if token is None:
        raise Http404(_("Không tìm thấy mã truy cập."))
    _revoke(token, _user(request))
    messages.success(request, _("Đã thu hồi mã “%(name)s”.") % {"name": token.name})
    return redirect("accounts:api_tokens")


# --- Administration ----------------------------------------------------------------------------------------------


def _service_accounts(actor: User) -> QuerySet[User]:
    return manageable_users(actor).filter(is_service_account=True, is_active=True).order_by("username")


def _admin_page(
    request: HttpRequest,
    form: ServiceTokenForm | None = None,
    *,
    secret: str = "",
    created: ApiToken | None = None,
) -> HttpResponse:
    actor = _user(request)
    managed = manageable_users(actor)
    tokens = (
        ApiToken.objects.filter(user__in=managed.values("pk"))
        .select_related("user", "created_by", "revoked_by")
        .order_by("revoked_at", "-created_at", "-pk")[:500]
    )
    accounts = _service_accounts(actor)
    context = {
        "tokens": tokens,
        "service_accounts": list(managed.filter(is_service_account=True).order_by("username")),
        "form": form or ServiceTokenForm(accounts=accounts),
        "secret": secret,
        "created": created,
        "now": timezone.now(),
    }
    status = 400 if form is not None and form.errors else 200
    return _no_store(render(request, "accounts/api_tokens_admin.html", context, status=status))


@never_cache
@administrator_required
@require_GET
def admin_tokens(request: HttpRequest) -> HttpResponse:
    return _admin_page(request)


@sensitive_variables("secret")
@never_cache
@administrator_required
@require_POST
def admin_token_create(request: HttpRequest) -> HttpResponse:
    actor = _user(request)
    form = ServiceTokenForm(request.POST, accounts=_service_accounts(actor))
    if not form.is_valid():
        return _admin_page(request, form)
    with transaction.atomic():
        token, secret = ApiToken.issue(
            form.cleaned_data["account"], form.cleaned_data["name"], created_by=actor, expires_at=form.expires_at()
        )
    return _admin_page(request, secret=secret, created=token)


@administrator_required
@require_POST
def admin_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _user(request)
    token = ApiToken.objects.filter(user__in=manageable_users(actor).values("pk"), pk=pk).select_related("user").first()
    if token is None:
        raise Http404(_("Không tìm thấy mã truy cập."))
    _revoke(token, actor)
    messages.success(
        request,
        _("Đã thu hồi mã “%(name)s” của %(user)s.") % {"name": token.name, "user": token.user.username},
    )
    return redirect("accounts:api_tokens_admin")


@never_cache
@administrator_required
@require_http_methods(["GET", "POST"])
def service_account_create(request: HttpRequest) -> HttpResponse:
    """A service account with its first role (like ``accounts.views.user_create``), without a usable password:
    it signs in with no password, only with tokens an administrator creates on the token page."""
    actor = _user(request)
    is_post = request.method == "POST"
    user_form = UserForm(request.POST if is_post else None, prefix="u")
    membership_form = MembershipForm(actor, request.POST if is_post else None, prefix="m")
    if is_post and user_form.is_valid() and membership_form.is_valid():
        with transaction.atomic():
            account: Any = user_form.save(commit=False)
            account.set_unusable_password()
            account.is_service_account = True
            account.must_change_password = False
            account.save()
            membership_form.apply(Membership(user=account)).save()
        messages.success(
            request,
            _("Đã tạo tài khoản dịch vụ %(username)s. Tạo mã truy cập cho tài khoản ở trang này.")
            % {"username": account.username},
        )
        return redirect("accounts:api_tokens_admin")
    return render(
        request,
        "accounts/service_account_create.html",
        {"user_form": user_form, "membership_form": membership_form},
        status=400 if is_post else 200,
    )
