"""URLs of the dissemination area."""

app_name = "dissemination"

urlpatterns: list = []
