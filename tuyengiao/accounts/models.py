"""Users and their roles in units.

A user holds ``Membership`` rows: a role in a unit during ``[valid_from, valid_to)``.
A membership on unit U lets the user read U's subtree; what they may change follows
the role (``Role.capabilities``). ``tuyengiao.accounts.scoping`` is the only place
that turns memberships into sets of units.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuyengiao.units.models import Unit, covers


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    must_change_password = models.BooleanField(
        _("phải đổi mật khẩu"), default=False, help_text=_("Đặt khi quản trị viên cấp lại mật khẩu.")
    )
    email_notifications = models.BooleanField(
        _("nhận thư tóm tắt thông báo"),
        default=True,
        help_text=_("Gửi thư điện tử tóm tắt các thông báo mới (khi máy chủ có cấu hình thư)."),
    )
    is_service_account = models.BooleanField(
        _("tài khoản dịch vụ"),
        default=False,
        help_text=_("Tài khoản cho một hệ thống kết nối qua API: không đăng nhập bằng mật khẩu, chỉ dùng mã truy cập."),
    )
    # How many of the user's notifications are unread: kept by reports.notifications with each change, so the
    # menu's bell needs no query (the user row is read on every request anyway).
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login", "unread_notifications"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def active_memberships(self, date: dt.date | None = None) -> models.QuerySet[Membership]:
        return self.memberships.filter(covers(date or timezone.localdate())).select_related("unit")

    def reset_two_factor(self) -> None:
        """For a lost phone: remove the authenticator and the backup codes (an administrator sets up again at the
        next sign-in). The page of an account and ``manage.py reset_two_factor`` both call this."""
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        with transaction.atomic():
            TOTPDevice.objects.filter(user=self).delete()
            StaticDevice.objects.filter(user=self).delete()

    @property
    def is_administrator(self) -> bool:
        """Superusers and anyone holding the administrator role today."""
        return self.is_superuser or self.active_memberships().filter(role=Role.ADMINISTRATOR).exists()


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Quản trị viên")
    LEADER = "leader", _("Lãnh đạo")
    SPECIALIST = "specialist", _("Chuyên viên")
    VIEWER = "viewer", _("Người xem")


class Capability(models.TextChoices):
    READ = "read", _("Xem")
    WRITE = "write", _("Nhập, sửa dữ liệu")
    APPROVE = "approve", _("Duyệt, tiếp nhận, mở lại")
    ADMINISTER = "administer", _("Quản trị cơ cấu và tài khoản")


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({Capability.READ}),
    Role.SPECIALIST: frozenset({Capability.READ, Capability.WRITE}),
    Role.LEADER: frozenset({Capability.READ, Capability.WRITE, Capability.APPROVE}),
    Role.ADMINISTRATOR: frozenset({Capability.READ, Capability.WRITE, Capability.APPROVE, Capability.ADMINISTER}),
}


def roles_with(capability: str) -> list[str]:
    return [role for role, caps in ROLE_CAPABILITIES.items() if capability in caps]


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("người dùng"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("đơn vị"))
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến trước ngày"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vai trò tại đơn vị")
        verbose_name_plural = _("vai trò tại đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="membership_interval_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"
