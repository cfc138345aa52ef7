"""The token pages: a user's own tokens (secret shown once), the administrators' page, service accounts."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import ApiClient
from tuyengiao.accounts.models import Membership, Role, User
from tuyengiao.api.models import ApiToken


def create(client, **data):
    return client.post(reverse("accounts:api_token_create"), data)


def test_a_user_creates_a_token_whose_secret_is_shown_once_and_works(personas):
    client = personas.client(personas.commune1)
    response = create(client, name="Văn phòng điện tử", expires_on="")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=personas.commune1)
    secret = response.context["secret"]
    assert secret.startswith(token.prefix) and secret in response.content.decode()
    assert token.created_by == personas.commune1 and token.expires_at is None
    # Never again: the list shows the first characters only.
    again = client.get(reverse("accounts:api_tokens")).content.decode()
    assert secret not in again and token.prefix in again and "Văn phòng điện tử" in again
    assert ApiClient(secret).get("/units/", {"limit": 1}).status_code == 200


def test_an_expiry_day_lets_the_token_work_through_that_day(personas):
    client = personas.client(personas.commune1)
    day = timezone.localdate() + dt.timedelta(days=30)
    create(client, name="Tạm thời", expires_on=day.strftime("%d/%m/%Y"))
    token = ApiToken.objects.get(user=personas.commune1)
    assert timezone.localtime(token.expires_at).date() == day + dt.timedelta(days=1)
    assert timezone.localtime(token.expires_at).time() == dt.time.min


def test_a_token_without_a_name_or_expiring_in_the_past_is_refused_in_vietnamese(personas):
    client = personas.client(personas.commune1)
    response = create(client, name="  ", expires_on="01/01/2020")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ngày hết hạn không thể trước hôm nay." in page
    assert not ApiToken.objects.exists()


def test_a_user_revokes_their_token_and_it_stops_working(personas):
    client = personas.client(personas.commune1)
    secret = create(client, name="Thử").context["secret"]
    token = ApiToken.objects.get(user=personas.commune1)
    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == personas.commune1
    assert ApiClient(secret).get("/units/").status_code == 401
    assert token.history.count() == 2  # created, revoked: who and when are in the audit trail


def test_a_user_cannot_revoke_someone_elses_token(personas, api_token):
    token, _secret = api_token(personas.commune2)
    client = personas.client(personas.commune1)
    assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_administrator_sees_and_revokes_the_tokens_of_the_accounts_they_manage(personas, api_token):
    token, secret = api_token(personas.commune1, name="Điện thoại")
    admin = personas.client(personas.admin)
    page = admin.get(reverse("accounts:api_tokens_admin"))
    assert page.status_code == 200
    assert "Điện thoại" in page.content.decode() and secret not in page.content.decode()
    assert admin.post(reverse("accounts:api_token_admin_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == personas.admin
    assert ApiClient(secret).get("/units/").status_code == 401


def test_the_administrators_page_is_refused_to_everybody_else(personas, api_token):
    token, _secret = api_token(personas.commune1)
    leader = personas.client(personas.leader)
    assert leader.get(reverse("accounts:api_tokens_admin")).status_code == 403
    assert leader.post(reverse("accounts:api_token_admin_revoke", args=[token.pk])).status_code == 403


def make_service_account(personas) -> User:
    admin = personas.client(personas.admin)
    response = admin.post(
        reverse("accounts:service_account_create"),
        {
            "u-username": "vanphong.daklak",
            "u-full_name": "Hệ thống văn phòng điện tử Đắk Lắk",
            "u-is_active": "on",
            "m-unit": personas.commission.key,
            "m-role": Role.VIEWER,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(username="vanphong.daklak")


def test_an_administrator_creates_a_service_account_that_cannot_sign_in_with_a_password(personas):
    account = make_service_account(personas)
    assert account.is_service_account and not account.has_usable_password()
    assert Membership.objects.filter(user=account, unit=personas.commission, role=Role.VIEWER).exists()
    # No password can be given to it either.
    admin = personas.client(personas.admin)
    admin.post(reverse("accounts:user_reset_password", args=[account.pk]))
    account.refresh_from_db()
    assert not account.has_usable_password()


def test_an_administrator_creates_a_token_for_a_service_account_which_reads_like_its_role(personas):
    account = make_service_account(personas)
    admin = personas.client(personas.admin)
    response = admin.post(
        reverse("accounts:api_token_admin_create"), {"account": account.pk, "name": "Kết nối", "expires_on": ""}
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get(user=account)
    assert token.created_by == personas.admin
    client = ApiClient(secret)
    assert client.get(f"/units/{personas.province.key}").status_code == 200
    assert client.get(f"/units/{personas.lam_dong.key}").status_code == 404
    assert admin.get(reverse("accounts:api_tokens_admin")).content.decode().count(secret) == 0


def test_a_token_cannot_be_made_for_an_ordinary_account_on_the_administrators_page(personas):
    admin = personas.client(personas.admin)
    response = admin.post(
        reverse("accounts:api_token_admin_create"), {"account": personas.leader.pk, "name": "x", "expires_on": ""}
    )
    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=personas.leader).exists()


def test_the_menu_links_to_the_token_pages(personas):
    page = personas.client(personas.commune1).get("/").content.decode()
    assert reverse("accounts:api_tokens") in page and reverse("accounts:api_tokens_admin") not in page
    admin_page = personas.client(personas.admin).get("/").content.decode()
    assert reverse("accounts:api_tokens_admin") in admin_page
