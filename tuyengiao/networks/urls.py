"""URLs of the networks area (mounted at /mang-luoi/)."""

from django.urls import path

from tuyengiao.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.home, name="home"),
    path("bao-cao-vien/<int:unit>/", views.reporters, name="reporters"),
    path("hoi-nghi/<int:pk>/diem-danh/", views.roster_page, name="roster"),
    path("hoi-nghi/<int:pk>/diem-danh/luu/", views.roster_save, name="roster_save"),
    path("du-luan/<int:unit>/", views.opinion, name="opinion"),
    path("du-luan/<int:unit>/them-cong-tac-vien/", views.count_add, name="count_add"),
    path("du-luan/<int:unit>/them-thang/", views.month_add, name="month_add"),
    path("du-luan/cong-tac-vien/<int:pk>/sua/", views.count_edit, name="count_edit"),
    path("du-luan/cong-tac-vien/<int:pk>/luu/", views.count_save, name="count_save"),
    path("du-luan/thang/<int:pk>/sua/", views.month_edit, name="month_edit"),
    path("du-luan/thang/<int:pk>/luu/", views.month_save, name="month_save"),
    path("mo-hinh/<int:unit>/", views.exemplars, name="exemplars"),
    path("mo-hinh/<int:unit>/them/", views.exemplar_add, name="exemplar_add"),
    path("mo-hinh/<int:pk>/sua/", views.exemplar_edit, name="exemplar_edit"),
    path("mo-hinh/<int:pk>/luu/", views.exemplar_save, name="exemplar_save"),
]
