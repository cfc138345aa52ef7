"""URLs of the emulation and awards area."""

from django.urls import path

from tuyengiao.awards import views

app_name = "awards"

urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("dot/<int:pk>/", views.cycle_detail, name="cycle"),
    path("dot/<int:pk>/them/<slug:what>/", views.cycle_add, name="cycle_add"),
    path("de-nghi/<int:pk>/", views.nomination_detail, name="nomination"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/tai/<str:what>", views.decision_file, name="decision_file"),
    path("don-vi/<int:unit>/", views.unit_awards, name="unit"),
    path("ca-nhan/<int:pk>/", views.person_awards, name="person"),
]
