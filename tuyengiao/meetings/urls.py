"""URLs of the meetings area."""

app_name = "meetings"

urlpatterns: list = []
