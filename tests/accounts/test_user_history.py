"""The audit trail of an account: visible to the administrators who manage it, and only to them."""

from django.urls import reverse

from tuyengiao.accounts.models import Membership, Role


def test_it_records_who_changed_an_account_and_its_roles(personas):
    admin = personas.client(personas.admin)
    target = personas.commune1
    admin.post(
        reverse("accounts:user_edit", args=[target.pk]),
        {
            "u-username": target.username,
            "u-full_name": "Lê Văn Cường (đã sửa)",
            "u-position": "Phó ban",
            "u-is_active": "on",
        },
    )
    target.refresh_from_db()
    assert target.full_name == "Lê Văn Cường (đã sửa)"
    Membership.objects.create(user=target, unit=personas.commune_unit2, role=Role.VIEWER)
    html = admin.get(reverse("accounts:user_history", args=[target.pk])).content.decode()
    assert "Lê Văn Cường (đã sửa)" in html
    assert "Quản trị hệ thống" in html  # the acting administrator
    assert "vai trò tại đơn vị" in html


def test_others_cannot_read_an_accounts_history(personas):
    url = reverse("accounts:user_history", args=[personas.commune1.pk])
    assert personas.client(personas.leader).get(url).status_code in (403, 404)
    assert personas.client(personas.commune2).get(url).status_code in (403, 404)


def test_the_history_page_has_a_bounded_number_of_queries(personas, django_assert_max_num_queries):
    admin = personas.client(personas.admin)
    for _ in range(12):
        Membership.objects.create(
            user=personas.commune1, unit=personas.commune_unit1, role=Role.VIEWER, valid_from=None
        )
    # 17 with 5 or with 12 roles: the count does not grow with the history.
    with django_assert_max_num_queries(18):
        admin.get(reverse("accounts:user_history", args=[personas.commune1.pk]))
