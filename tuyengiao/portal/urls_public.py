"""The public portals (mounted at /cong/, no account needed): home, sections, articles, document library."""

from django.urls import path  # noqa: F401

app_name = "public"

urlpatterns: list = []
