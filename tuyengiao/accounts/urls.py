from django.urls import path

from tuyengiao.accounts import views
from tuyengiao.api import views as api_views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", views.logout, name="logout"),
    path("giu-phien/", views.keepalive, name="keepalive"),
    path("xac-thuc/", views.verify, name="verify"),
    path("hai-lop/", views.two_factor, name="two_factor"),
    path("hai-lop/bat-dau/", views.two_factor_start, name="two_factor_start"),
    path("hai-lop/xac-nhan/", views.two_factor_confirm, name="two_factor_confirm"),
    path("hai-lop/xac-thuc/", views.two_factor_verify, name="two_factor_verify"),
    path("hai-lop/ma-du-phong/", views.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("hai-lop/tat/", views.two_factor_disable, name="two_factor_disable"),
    path("cua-toi/", views.profile, name="profile"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_edit, name="user_edit"),
    path("nguoi-dung/<int:pk>/them-vai-tro/", views.membership_add, name="membership_add"),
    path("nguoi-dung/<int:pk>/cap-lai-mat-khau/", views.user_reset_password, name="user_reset_password"),
    path("nguoi-dung/<int:pk>/mo-khoa/", views.user_unlock, name="user_unlock"),
    path("nguoi-dung/<int:pk>/dat-lai-hai-lop/", views.user_reset_two_factor, name="user_reset_two_factor"),
    path("nguoi-dung/<int:pk>/lich-su-thay-doi/", views.user_history, name="user_history"),
    path("vai-tro/<int:pk>/", views.membership_edit, name="membership_edit"),
    path("vai-tro/<int:pk>/xoa/", views.membership_delete, name="membership_delete"),
    path("goi-y-don-vi/", views.unit_search, name="unit_search"),
    # API tokens (tuyengiao/api/views.py): the user's own, and the administrators' page with service accounts.
    path("ma-api/", api_views.my_tokens, name="api_tokens"),
    path("ma-api/tao/", api_views.my_token_create, name="api_token_create"),
    path("ma-api/<int:pk>/thu-hoi/", api_views.my_token_revoke, name="api_token_revoke"),
    path("ma-api/quan-tri/", api_views.admin_tokens, name="api_tokens_admin"),
    path("ma-api/quan-tri/tao/", api_views.admin_token_create, name="api_token_admin_create"),
    path("ma-api/quan-tri/<int:pk>/thu-hoi/", api_views.admin_token_revoke, name="api_token_admin_revoke"),
    path("tai-khoan-dich-vu/them/", api_views.service_account_create, name="service_account_create"),
]
