"""URLs of the reports area: each views module keeps its own ``urlpatterns`` and is listed here."""

from tuyengiao.reports import views_config, views_entry, views_output, views_sheets

app_name = "reports"

urlpatterns = [
    *views_config.urlpatterns,
    *views_entry.urlpatterns,
    *views_output.urlpatterns,
    *views_sheets.urlpatterns,
]
