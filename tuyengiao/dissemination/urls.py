"""URLs of the dissemination area."""

from django.urls import path

from tuyengiao.dissemination import views

app_name = "dissemination"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("van-ban/<int:pk>/", views.document_coverage, name="document"),
    path("van-ban/<int:pk>/xuat.xlsx", views.export, name="export"),
    path("van-ban/<int:pk>/ke-hoach/", views.plan_edit, name="plan"),
    path("van-ban/<int:pk>/don-vi/<int:unit>/", views.unit_sessions, name="sessions"),
    path("dang-vien/<int:unit>/", views.member_counts, name="members"),
]
