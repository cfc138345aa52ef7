"""URLs of the followup area."""

app_name = "followup"

urlpatterns: list = []
