from django.urls import path

from tuyengiao.units import views

app_name = "units"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("tai-ve.csv", views.export, name="export"),
    path("lua-chon/", views.choices, name="choices"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/lich-su-thay-doi/", views.history, name="history"),
]
urlpatterns.append(path("<int:pk>/sap-xep/", views.restructure, name="restructure"))
