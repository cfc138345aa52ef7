from django.urls import path

from tuyengiao.units import views

app_name = "units"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("tai-ve.csv", views.export, name="export"),
    path("lua-chon/", views.choices, name="choices"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/lich-su-thay-doi/", views.history, name="history"),
    # The restructuring page shows one form per action; each posts to its own URL (one URL per write action).
    path("<int:pk>/sap-xep/", views.restructure, name="restructure"),
    path("<int:pk>/sap-xep/doi-ten/", views.restructure_rename, name="restructure_rename"),
    path("<int:pk>/sap-xep/chuyen-truc-thuoc/", views.restructure_move, name="restructure_move"),
    path("<int:pk>/sap-xep/sap-nhap/", views.restructure_merge, name="restructure_merge"),
    path("<int:pk>/sap-xep/chia-tach/", views.restructure_split, name="restructure_split"),
    path("<int:pk>/sap-xep/giai-the/", views.restructure_dissolve, name="restructure_dissolve"),
    path("<int:pk>/sap-xep/thanh-lap/", views.restructure_create, name="restructure_create"),
]
