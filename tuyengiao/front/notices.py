"""The notifications page and its actions (``reports.notifications`` creates and counts them): the list, newest
first; opening one (marks it read, then goes to its page); all read; the e-mail digest on or off.

Opening is a POST (a GET never writes); the address it goes to is the notification's own, kept only when it is a
path of this site."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tuyengiao.accounts.models import User
from tuyengiao.reports import notifications
from tuyengiao.reports.models import Notification

PER_PAGE = 30


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_GET
def notices(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(Notification.objects.filter(user=user).order_by("-created", "-pk"), PER_PAGE).get_page(
        request.GET.get("trang")
    )
    return render(request, "front/notices.html", {"page": page, "unread": user.unread_notifications})


@login_required
@require_POST
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    notice = get_object_or_404(Notification, pk=pk, user=user)
    notifications.mark_read(user, notice.pk)
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None) and notice.url.startswith("/"):
        return redirect(notice.url)
    return redirect("front:notices")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    changed = notifications.mark_read(_user(request))
    messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": changed})
    return redirect("front:notices")


@login_required
@require_POST
def email_choice(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    wanted = request.POST.get("nhan_thu") == "1"
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(email_notifications=wanted)
    if wanted and not user.email:
        messages.warning(
            request, _("Đã bật thư tóm tắt, nhưng tài khoản chưa có địa chỉ thư điện tử: nhờ quản trị viên bổ sung.")
        )
    elif wanted:
        messages.success(request, _("Sẽ gửi thư tóm tắt thông báo mới tới %(email)s.") % {"email": user.email})
    else:
        messages.success(request, _("Đã tắt thư tóm tắt thông báo. Thông báo vẫn hiện trong phần mềm."))
    return redirect("front:notices")
