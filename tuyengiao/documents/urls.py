from django.urls import path

from tuyengiao.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("them/", views.create, name="create"),
    path("nhap-tu-tep/", views.import_page, name="import"),
    path("nhap-tu-tep/mau.<str:fmt>", views.import_template, name="import_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/lich-su-thay-doi/", views.history, name="history"),
    path("<int:pk>/tep/them/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/tep/<int:attachment_pk>/xoa/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/quan-he/them/", views.relation_add, name="relation_add"),
    path("<int:pk>/quan-he/<int:relation_pk>/xoa/", views.relation_delete, name="relation_delete"),
]
