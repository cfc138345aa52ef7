"""URLs of the analytical area under /phan-tich/: dashboards, the pivot table and (urls_map) the maps."""

from django.urls import include, path

app_name = "analytics"

urlpatterns = [
    path("", include("tuyengiao.analytics.urls_map")),
]
