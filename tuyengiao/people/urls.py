"""URLs of the people area."""

app_name = "people"

urlpatterns: list = []
