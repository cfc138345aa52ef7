"""The editorial desk of the portals (mounted at /bien-tap/, signed-in staff): articles, workflow, images."""

from django.urls import path  # noqa: F401

app_name = "portal"

urlpatterns: list = []
