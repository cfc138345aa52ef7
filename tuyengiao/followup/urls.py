"""URLs of the followup area: tasks under /nhiem-vu/, inspections under /nhiem-vu/kiem-tra/."""

from django.urls import path

from tuyengiao.followup import views, views_inspections

app_name = "followup"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("theo-doi/", views.follow_up_view, name="follow_up"),
    path("theo-doi/xlsx/", views.follow_up_xlsx, name="follow_up_xlsx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/cap-nhat/", views.update_add, name="update_add"),
    path("<int:pk>/mo-lai/", views.reopen, name="reopen"),
    path("<int:pk>/minh-chung/<int:file_pk>/", views.evidence_download, name="evidence"),
    path("van-ban/<int:pk>/", views.document_tasks, name="document_tasks"),
    path("kiem-tra/", views_inspections.inspection_list, name="inspection_list"),
    path("kiem-tra/them/", views_inspections.inspection_create, name="inspection_create"),
    path("kiem-tra/<int:pk>/", views_inspections.inspection_detail, name="inspection_detail"),
    path("kiem-tra/<int:pk>/sua/", views_inspections.inspection_edit, name="inspection_edit"),
    path("kiem-tra/<int:pk>/don-vi/<int:row_pk>/", views_inspections.inspected_unit_edit, name="inspected_unit_edit"),
    path("kiem-tra/<int:pk>/kien-nghi/", views_inspections.recommendation_add, name="recommendation_add"),
    path("kiem-tra/don-vi/<int:unit_pk>/", views_inspections.unit_inspections, name="unit_inspections"),
]
