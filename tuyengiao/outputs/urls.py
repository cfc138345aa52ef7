"""URLs of the outputs area: propaganda guidance and the chi bộ bulletin (mounted at /dinh-huong-ban-tin/)."""

from django.urls import path

from tuyengiao.outputs import views

app_name = "outputs"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("xuat.xlsx", views.export, name="export"),
    path("moi/", views.issue_new, name="new"),
    path("moi/luu/", views.issue_create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.issue_edit, name="edit"),
    path("<int:pk>/sua/luu/", views.issue_update, name="update"),
    path("<int:pk>/phat-hanh/", views.distribution, name="distribution"),
    path("<int:pk>/phat-hanh/luu/", views.distribution_save, name="distribution_save"),
    path("<int:pk>/tep/them/", views.file_add, name="file_add"),
    path("<int:pk>/tep/<int:file_pk>/", views.file_download, name="file"),
    path("<int:pk>/nhan/<int:recipient>/da-doc/", views.receipt_read, name="read"),
    path("<int:pk>/nhan/<int:recipient>/da-pho-bien/", views.receipt_relayed, name="relayed"),
]
