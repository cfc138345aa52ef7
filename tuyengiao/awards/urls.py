"""URLs of the emulation and awards area."""

from django.urls import path

from tuyengiao.awards import views

app_name = "awards"

urlpatterns = [
    path("", views.cycle_list, name="list"),
]
