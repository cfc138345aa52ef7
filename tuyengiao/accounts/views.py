"""Sign-in (password, then TOTP or a backup code), the session keep-alive, two-factor set-up,
the user's own profile and password, and user management for administrators.

Decisions worth knowing:

* A user with a confirmed OTP device is not logged in after the password: the user id
  waits in the session (``PENDING_*`` keys, five minutes) until ``verify`` accepts a code.
  Wrong codes count as django-axes failures, so a stolen password plus guessed codes
  ends in the same lock-out as guessed passwords; after ``MAX_CODE_ATTEMPTS`` wrong
  codes the sign-in must start again.
* ``User.must_change_password`` is enforced by ``RequirePasswordChangeMiddleware``
  (accounts/middleware.py), which sends such users to the password form on ``profile``.
* Administrators manage only users whose memberships all lie in their ADMINISTER scope
  (``manageable_users``); everything else answers 404. Superusers manage everyone, and
  only superusers manage superusers.
* Backup codes are shown once: the POST stores them in the session, the following GET pops them.
* A temporary password (new account, reset) is shown in the response to the POST itself: the account page is
  rendered directly, with ``Cache-Control: no-store``, never through the session or the messages framework.
  A session written by the POST could be overwritten by a concurrent request of the same session finishing
  later (a late unit-search suggestion request did, once in five creations), and the password was lost.
"""

from __future__ import annotations

import base64
import secrets
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_response
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tuyengiao.accounts import scoping
from tuyengiao.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    MembershipForm,
    PasswordConfirmForm,
    TokenForm,
    UserForm,
    UserSearchForm,
)
from tuyengiao.accounts.middleware import password_change_url, touch
from tuyengiao.accounts.models import Capability, Membership, User
from tuyengiao.lib import audit
from tuyengiao.units.models import UnitVersion, covers

ViewFunc = Callable[..., HttpResponse]

# Sign-in waiting for the second factor.
PENDING_USER = "tg_pending_user"
PENDING_BACKEND = "tg_pending_backend"
PENDING_NEXT = "tg_pending_next"
PENDING_SINCE = "tg_pending_since"
CODE_ATTEMPTS = "tg_code_attempts"
PENDING_SECONDS = 5 * 60
MAX_CODE_ATTEMPTS = 5

# Secrets shown once.
NEW_BACKUP_CODES = "tg_backup_codes"

BACKUP_CODE_COUNT = 10
USERS_PER_PAGE = 50
UNIT_SUGGESTIONS = 20
# No look-alike characters (0/O, 1/l/I) in passwords read aloud or copied from a screen.
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # noqa: S105


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def _after_login(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    touch(request)
    if user.must_change_password:
        messages.warning(
            request, _("Mật khẩu của bạn do quản trị viên cấp lại. Vui lòng đổi mật khẩu trước khi tiếp tục.")
        )
        return redirect(password_change_url())
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def _lockout(request: HttpRequest, username: str) -> HttpResponse:
    """The lock-out page (templates/accounts/locked_out.html, HTTP 429)."""
    return get_lockout_response(request, None, {"username": username})


def _match_token(user: User, token: str) -> Device | None:
    """The confirmed device that accepts ``token``: six digits for TOTP, anything else a backup code.

    Devices are throttled by django-otp (growing delays after failures) and locked
    for update, so a code cannot be used twice by parallel requests.
    """
    model: type[Device] = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(token):
                return cast(Device, device)
    return None


def _count_code_failure(request: HttpRequest, user: User) -> int:
    """Record a wrong code with django-axes and in the session; return the attempts made."""
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    attempts = int(request.session.get(CODE_ATTEMPTS, 0)) + 1
    request.session[CODE_ATTEMPTS] = attempts
    return attempts


def _clear_pending(request: HttpRequest) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_NEXT, PENDING_SINCE, CODE_ATTEMPTS):
        request.session.pop(key, None)


# --- Sign-in and out ---------------------------------------------------------------


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """Username and password; users with a confirmed OTP device continue to ``verify``."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    expired = request.GET.get("het-phien") == "1"
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)

    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if form.is_bound:
        if form.is_valid() and form.user is not None:
            user = form.user
            if user_has_device(user, confirmed=True):
                _clear_pending(request)
                request.session[PENDING_USER] = user.pk
                request.session[PENDING_BACKEND] = getattr(user, "backend", None)  # set by authenticate()
                request.session[PENDING_NEXT] = next_url
                request.session[PENDING_SINCE] = time.time()
                return redirect("accounts:verify")
            auth_login(request, user)
            return _after_login(request, user, next_url)
        if getattr(request, "axes_locked_out", False):
            return _lockout(request, request.POST.get("username", ""))

    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": next_url, "expired": expired},
    )


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: a TOTP code or a backup code."""
    user_id = request.session.get(PENDING_USER)
    since = float(request.session.get(PENDING_SINCE, 0))
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or time.time() - since > PENDING_SECONDS:
        _clear_pending(request)
        messages.error(request, _("Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại."))
        return redirect("accounts:login")

    form = TokenForm(data=request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if not AxesProxyHandler.is_allowed(request, {"username": user.get_username()}):
            _clear_pending(request)
            return _lockout(request, user.get_username())
        device = _match_token(user, form.cleaned_data["token"])
        if device is not None:
            backend = request.session.get(PENDING_BACKEND)
            next_url = _safe_next(request, request.session.get(PENDING_NEXT))
            _clear_pending(request)
            auth_login(request, user, backend=backend)
            otp_login(request, device)
            return _after_login(request, user, next_url)
        attempts = _count_code_failure(request, user)
        if getattr(request, "axes_locked_out", False):
            _clear_pending(request)
            return _lockout(request, user.get_username())
        if attempts >= MAX_CODE_ATTEMPTS:
            _clear_pending(request)
            messages.error(request, _("Nhập sai mã xác thực quá nhiều lần. Vui lòng đăng nhập lại."))
            return redirect("accounts:login")
        remaining = MAX_CODE_ATTEMPTS - attempts
        form.add_error(
            "token",
            ngettext(
                "Mã xác thực không đúng hoặc đã được dùng. Bạn còn %(remaining)d lần thử.",
                "Mã xác thực không đúng hoặc đã được dùng. Bạn còn %(remaining)d lần thử.",
                remaining,
            )
            % {"remaining": remaining},
        )
    return render(request, "accounts/verify.html", {"form": form, "pending_user": user})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.info(request, _("Bạn đã đăng xuất."))
    return redirect("accounts:login")


@require_POST
@login_required
def keepalive(request: HttpRequest) -> HttpResponse:
    """Refreshes the session's last activity (the middleware alone refreshes it once a minute)."""
    touch(request)
    return HttpResponse(status=204)


# --- Two-factor authentication -------------------------------------------------------


def _new_backup_codes(user: User) -> list[str]:
    """Replace the user's backup codes with ``BACKUP_CODE_COUNT`` new ones (call inside a transaction)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Mã dự phòng", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _secret_for_display(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class _TwoFactorState:
    """The user's TOTP devices and whether this session passed the second factor."""

    def __init__(self, request: HttpRequest) -> None:
        self.user = _user(request)
        self.confirmed = TOTPDevice.objects.devices_for_user(self.user, confirmed=True).first()
        self.unconfirmed = (
            None if self.confirmed else TOTPDevice.objects.devices_for_user(self.user, confirmed=False).last()
        )
        self.verified = self.user.is_verified()  # type: ignore[attr-defined]


def _two_factor_page(
    request: HttpRequest,
    state: _TwoFactorState | None = None,
    token_form: TokenForm | None = None,
    password_form: PasswordConfirmForm | None = None,
) -> HttpResponse:
    state = state or _TwoFactorState(request)
    user = state.user
    context: dict[str, Any] = {
        "confirmed": state.confirmed,
        "unconfirmed": state.unconfirmed,
        "verified": state.verified,
        "is_administrator": user.is_administrator,
        "token_form": token_form or TokenForm(),
        "password_form": password_form or PasswordConfirmForm(user),
        "backup_codes": request.session.pop(NEW_BACKUP_CODES, None),
        "backup_remaining": StaticToken.objects.filter(device__user=user, device__confirmed=True).count(),
    }
    if state.unconfirmed is not None:
        context["qr_svg"] = segno.make(state.unconfirmed.config_url).svg_inline(scale=4, omitsize=True)
        context["secret"] = _secret_for_display(state.unconfirmed)
    return render(request, "accounts/two_factor.html", context)


def _not_now() -> HttpResponse:
    """A step that does not apply to the user's state (a replayed or forged form)."""
    return HttpResponseBadRequest(_("Yêu cầu không hợp lệ."))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn TOTP on (QR code, confirm with a code, backup codes), verify this session, or turn it off: the page;
    each of its forms posts to its own view below."""
    return _two_factor_page(request)


@never_cache
@login_required
@require_POST
def two_factor_start(request: HttpRequest) -> HttpResponse:
    """A new unconfirmed device (a new QR code), while no device is confirmed."""
    state = _TwoFactorState(request)
    if state.confirmed is not None:
        return _not_now()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=state.user, confirmed=False).delete()
        TOTPDevice.objects.create(user=state.user, name="Ứng dụng xác thực", confirmed=False)
    return redirect("accounts:two_factor")


@sensitive_post_parameters("token")
@never_cache
@login_required
@require_POST
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    """Confirm the new device with a code from the app: TOTP is on, with fresh backup codes."""
    state = _TwoFactorState(request)
    unconfirmed = state.unconfirmed
    if unconfirmed is None:
        return _not_now()
    token_form = TokenForm(request.POST)
    if token_form.is_valid():
        if unconfirmed.verify_token(token_form.cleaned_data["token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=state.user).exclude(pk=unconfirmed.pk).delete()
                unconfirmed.confirmed = True
                unconfirmed.save(update_fields=["confirmed"])
                codes = _new_backup_codes(state.user)
            otp_login(request, unconfirmed)
            request.session[NEW_BACKUP_CODES] = codes
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect("accounts:two_factor")
        token_form.add_error("token", _("Mã xác thực không đúng. Hãy kiểm tra đồng hồ của điện thoại rồi nhập mã mới."))
    return _two_factor_page(request, state, token_form=token_form)


@sensitive_post_parameters("token")
@never_cache
@login_required
@require_POST
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Pass the second factor for this session (a TOTP or backup code); too many wrong codes log the user out."""
    state = _TwoFactorState(request)
    if state.confirmed is None or state.verified:
        return _not_now()
    token_form = TokenForm(request.POST)
    if token_form.is_valid():
        device = _match_token(state.user, token_form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session.pop(CODE_ATTEMPTS, None)
            messages.success(request, _("Đã xác thực hai lớp cho phiên làm việc này."))
            return redirect(settings.LOGIN_REDIRECT_URL)
        if _count_code_failure(request, state.user) >= MAX_CODE_ATTEMPTS:
            auth_logout(request)
            messages.error(request, _("Nhập sai mã xác thực quá nhiều lần. Vui lòng đăng nhập lại."))
            return redirect("accounts:login")
        token_form.add_error("token", _("Mã xác thực không đúng hoặc đã được dùng."))
    return _two_factor_page(request, state, token_form=token_form)


@sensitive_post_parameters("password")
@never_cache
@login_required
@require_POST
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working), with the password, in a verified session."""
    state = _TwoFactorState(request)
    if state.confirmed is None or not state.verified:
        return _not_now()
    password_form = PasswordConfirmForm(state.user, request.POST)
    if password_form.is_valid():
        with transaction.atomic():
            request.session[NEW_BACKUP_CODES] = _new_backup_codes(state.user)
        messages.success(request, _("Đã tạo bộ mã dự phòng mới; các mã cũ không còn dùng được."))
        return redirect("accounts:two_factor")
    return _two_factor_page(request, state, password_form=password_form)


@sensitive_post_parameters("password")
@never_cache
@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Turn TOTP off, with the password (never for an administrator)."""
    state = _TwoFactorState(request)
    if state.confirmed is None:
        return _not_now()
    if state.user.is_administrator:
        messages.error(request, _("Quản trị viên bắt buộc dùng xác thực hai lớp nên không thể tắt."))
        return redirect("accounts:two_factor")
    password_form = PasswordConfirmForm(state.user, request.POST)
    if password_form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=state.user).delete()
            StaticDevice.objects.filter(user=state.user).delete()
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        messages.success(request, _("Đã tắt xác thực hai lớp."))
        return redirect("accounts:two_factor")
    return _two_factor_page(request, state, password_form=password_form)


# --- The user's own account --------------------------------------------------------------


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """Name, position, roles in force, and the password form (which also clears ``must_change_password``)."""
    user = _user(request)
    form = ChangePasswordForm(user, data=request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        with transaction.atomic():
            user.must_change_password = False
            form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("accounts:profile")

    today = timezone.localdate()
    memberships = [(m, m.unit.version_on(today)) for m in user.active_memberships(today).order_by("valid_from", "pk")]
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships, "today": today})


# --- User management -------------------------------------------------------------------


def administrator_required(view: ViewFunc) -> ViewFunc:
    """Logged in and holding the administrator role today (or a superuser); otherwise 403."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _user(request).is_administrator:
            raise PermissionDenied(_("Chỉ quản trị viên mới được dùng chức năng này."))
        return view(request, *args, **kwargs)

    return wrapped


def manageable_users(actor: User) -> QuerySet[User]:
    """Users whose memberships all lie in ``actor``'s ADMINISTER scope today (and who have one).

    Superusers manage everyone; nobody else manages a superuser.
    """
    if actor.is_superuser:
        return User.objects.all()
    scope = scoping.unit_filter(actor, Capability.ADMINISTER, field="unit")
    inside = Membership.objects.filter(scope).values("user_id")
    outside = Membership.objects.exclude(scope).values("user_id")
    return User.objects.filter(pk__in=inside, is_superuser=False).exclude(pk__in=outside)


def _get_user_for_admin(request: HttpRequest, pk: int) -> User:
    return get_object_or_404(manageable_users(_user(request)), pk=pk)


def _get_membership_for_admin(request: HttpRequest, pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("unit", "user"), pk=pk)
    _get_user_for_admin(request, membership.user_id)
    return membership


def _memberships_today() -> Prefetch:
    today = timezone.localdate()
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("unit")
        .prefetch_related(
            Prefetch("unit__versions", queryset=UnitVersion.objects.filter(covers(today)), to_attr="versions_today")
        )
        .order_by("valid_from", "pk"),
    )


def _locked_usernames(usernames: list[str]) -> set[str]:
    """Which of ``usernames`` django-axes currently locks out (from any address)."""
    attempts = AccessAttempt.objects.filter(
        username__in=usernames, failures_since_start__gte=get_failure_limit(None, None)
    )
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return set(attempts.values_list("username", flat=True))


def make_temporary_password() -> str:
    """12 random characters from a 56-letter alphabet (about 70 bits), grouped as xxxx-xxxx-xxxx."""
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


def _show_temporary_password(request: HttpRequest, target: User, password: str, notice: str) -> HttpResponse:
    """The account page answering the POST that set ``password``: shown once, in this response only, never
    stored in the session (see the module docstring) nor cached."""
    response = _render_user_edit(request, target, temporary_password=password, notice=notice)
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


@administrator_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    search = UserSearchForm(request.GET)
    users = manageable_users(_user(request))
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query) | Q(email__icontains=query))
    users = users.order_by("username").prefetch_related(_memberships_today())
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("trang"))
    locked = _locked_usernames([u.username for u in page.object_list])
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "search": search, "query": query, "locked": locked, "today": timezone.localdate()},
    )


@sensitive_post_parameters()
@never_cache
@administrator_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    """A new account with its first role; the temporary password is shown once, in the response to the POST."""
    actor = _user(request)
    is_post = request.method == "POST"
    user_form = UserForm(request.POST if is_post else None, prefix="u")
    membership_form = MembershipForm(actor, request.POST if is_post else None, prefix="m")
    if is_post and user_form.is_valid() and membership_form.is_valid():
        password = make_temporary_password()
        with transaction.atomic():
            user = user_form.save(commit=False)
            user.set_password(password)
            user.must_change_password = True
            user.save()
            membership_form.apply(Membership(user=user)).save()
        notice = _("Đã tạo tài khoản %(username)s.") % {"username": user.username}
        return _show_temporary_password(request, user, password, notice)
    return render(
        request,
        "accounts/user_create.html",
        {"user_form": user_form, "membership_form": membership_form},
        status=400 if is_post else 200,
    )


def _render_user_edit(
    request: HttpRequest,
    target: User,
    user_form: UserForm | None = None,
    membership_form: MembershipForm | None = None,
    status: int = 200,
    *,
    temporary_password: str | None = None,
    notice: str = "",
) -> HttpResponse:
    memberships = target.memberships.select_related("unit").prefetch_related(
        Prefetch(
            "unit__versions",
            queryset=UnitVersion.objects.filter(covers(timezone.localdate())),
            to_attr="versions_today",
        )
    )
    context = {
        "target": target,
        "user_form": user_form or UserForm(instance=target, prefix="u"),
        "membership_form": membership_form or MembershipForm(_user(request), prefix="m"),
        "memberships": memberships.order_by("valid_from", "pk"),
        "temporary_password": temporary_password,
        "notice": notice,
        "locked": bool(_locked_usernames([target.username])),
        "has_two_factor": user_has_device(target, confirmed=True),
        "today": timezone.localdate(),
    }
    return render(request, "accounts/user_edit.html", context, status=status)


@never_cache
@administrator_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _get_user_for_admin(request, pk)
    if request.method == "POST":
        form = UserForm(request.POST, instance=target, prefix="u")
        if form.is_valid():
            if target.pk == request.user.pk and not form.cleaned_data["is_active"]:
                form.add_error("is_active", _("Bạn không thể tự khóa tài khoản của mình."))
            else:
                with transaction.atomic():
                    form.save()
                messages.success(request, _("Đã lưu thông tin người dùng."))
                return redirect("accounts:user_edit", pk=target.pk)
        return _render_user_edit(request, target, user_form=form, status=400)
    return _render_user_edit(request, target)


@administrator_required
@require_POST
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    target = _get_user_for_admin(request, pk)
    form = MembershipForm(_user(request), request.POST, prefix="m")
    if not form.is_valid():
        return _render_user_edit(request, target, membership_form=form, status=400)
    with transaction.atomic():
        form.apply(Membership(user=target)).save()
    messages.success(request, _("Đã thêm vai trò."))
    return redirect("accounts:user_edit", pk=target.pk)


@administrator_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _get_membership_for_admin(request, pk)
    if request.method == "POST":
        initial = MembershipForm.initial_for(membership)
        form = MembershipForm(_user(request), request.POST, initial=initial, prefix="m")
        if form.is_valid():
            with transaction.atomic():
                form.apply(membership).save()
            messages.success(request, _("Đã lưu vai trò."))
            return redirect("accounts:user_edit", pk=membership.user_id)
        status = 400
    else:
        form = MembershipForm(_user(request), initial=MembershipForm.initial_for(membership), prefix="m")
        status = 200
    return render(request, "accounts/membership_edit.html", {"form": form, "membership": membership}, status=status)


@administrator_required
@require_POST
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _get_membership_for_admin(request, pk)
    with transaction.atomic():
        if Membership.objects.select_for_update().filter(user_id=membership.user_id).count() <= 1:
            messages.error(
                request,
                _(
                    "Người dùng phải có ít nhất một vai trò. "
                    "Hãy sửa vai trò này, hoặc khóa tài khoản nếu không còn dùng."
                ),
            )
        else:
            membership.delete()
            messages.success(request, _("Đã xóa vai trò."))
    return redirect("accounts:user_edit", pk=membership.user_id)


@sensitive_post_parameters()
@administrator_required
@require_POST
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    """A new temporary password (shown once, in this response); the user must change it and is unlocked."""
    target = _get_user_for_admin(request, pk)
    if target.is_service_account:  # no password ever: it works with API tokens only (tuyengiao/api/views.py)
        messages.error(request, _("Tài khoản dịch vụ không dùng mật khẩu; hãy tạo mã truy cập API cho tài khoản này."))
        return redirect("accounts:user_edit", pk=target.pk)
    password = make_temporary_password()
    with transaction.atomic():
        target.set_password(password)
        target.must_change_password = True
        target.save(update_fields=["password", "must_change_password"])
        axes_reset(username=target.username)
    notice = _("Đã cấp lại mật khẩu cho %(username)s.") % {"username": target.username}
    return _show_temporary_password(request, target, password, notice)


@administrator_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    target = _get_user_for_admin(request, pk)
    with transaction.atomic():
        axes_reset(username=target.username)
    messages.success(request, _("Đã mở khóa tài khoản %(username)s.") % {"username": target.username})
    return redirect("accounts:user_edit", pk=target.pk)


@administrator_required
@require_POST
def user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """For a lost phone: remove the user's authenticator and backup codes (administrators must set up again)."""
    target = _get_user_for_admin(request, pk)
    target.reset_two_factor()
    messages.success(request, _("Đã xóa xác thực hai lớp của %(username)s.") % {"username": target.username})
    return redirect("accounts:user_edit", pk=target.pk)


@administrator_required
@require_GET
def unit_search(request: HttpRequest) -> HttpResponse:
    """``<option>`` suggestions for the membership unit field: units in the administrator's scope today."""
    # The input posts under its form-prefixed name ("m-unit"); take whichever value came.
    query = next((value.strip() for key in request.GET if (value := request.GET.get(key, "")).strip()), "")
    versions = UnitVersion.objects.none()
    if len(query) >= 2:
        today = timezone.localdate()
        scope = scoping.unit_filter(_user(request), Capability.ADMINISTER, today, field="unit")
        current = UnitVersion.objects.as_of(today).filter(scope).select_related("unit")
        matches = current.filter(unit__key__istartswith=query) if ":" in query else current.search(query)
        versions = matches.in_tree_order()[:UNIT_SUGGESTIONS]
    return render(request, "accounts/_unit_options.html", {"versions": versions})


@administrator_required
@require_GET
def user_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit trail of an account and its roles, for administrators who manage it."""
    target = _get_user_for_admin(request, pk)
    rows = audit.entries(
        target.history.select_related("history_user"),
        Membership.history.filter(user_id=target.pk)
        .select_related("history_user", "user", "unit")
        .prefetch_related("unit__versions"),
    )
    return render(request, "accounts/user_history.html", {"target": target, "entries": rows})
