"""URLs of the analytical area under /phan-tich/: dashboards, the pivot table and (urls_map) the maps."""

from django.urls import include, path

from tuyengiao.analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ghim/", views.pin_add, name="pin_add"),
    path("ghim/<int:pk>/bo/", views.pin_remove, name="pin_remove"),
    path("ghim/<int:pk>/len/", views.pin_up, name="pin_up"),
    path("ghim/<int:pk>/xuong/", views.pin_down, name="pin_down"),
    path("bang/", views.pivot, name="pivot"),
    path("bang/xlsx/", views.pivot_xlsx, name="pivot_xlsx"),
    path("", include("tuyengiao.analytics.urls_map")),
]
