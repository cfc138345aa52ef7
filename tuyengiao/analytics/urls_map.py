"""URL patterns of the maps (``maps.py``, ``views_map.py``); included from ``analytics/urls.py``."""

from django.urls import URLPattern, URLResolver, path

from tuyengiao.analytics import views_map

map_urlpatterns: list[URLPattern | URLResolver] = [
    path("ban-do/", views_map.national, name="map"),
    path("ban-do/tinh/<int:pk>/", views_map.province, name="map_province"),
]

urlpatterns = map_urlpatterns
