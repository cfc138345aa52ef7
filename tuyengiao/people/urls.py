"""URLs of the people area."""

from django.urls import path

from tuyengiao.people import views

app_name = "people"

urlpatterns = [
    path("", views.home, name="home"),
    path("dinh-bien/", views.norms, name="norms"),
    path("don-vi/<int:unit>/", views.unit_people, name="unit"),
    path("don-vi/<int:unit>/them/", views.person_create, name="create"),
    path("don-vi/<int:unit>/xuat.xlsx", views.export, name="export"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/sua/", views.person_edit, name="edit"),
    path("<int:pk>/an-danh/", views.person_anonymise, name="anonymise"),
    path("<int:pk>/xoa/", views.person_delete, name="delete"),
    path("<int:pk>/them/cong-tac/", views.posting_add, name="posting_add"),
    path("<int:pk>/them/bao-cao-vien/", views.lecturer_role_add, name="lecturer_role_add"),
    path("<int:pk>/them/boi-duong/", views.training_add, name="training_add"),
    path("cong-tac/<int:pk>/ket-thuc/", views.posting_end, name="posting_end"),
]
