"""URL patterns of the maps (``maps.py``, ``views_map.py``); included from ``analytics/urls.py``."""

from django.urls import URLPattern, URLResolver

map_urlpatterns: list[URLPattern | URLResolver] = []

urlpatterns = map_urlpatterns
