from django.urls import path

from tuyengiao.front import guide, notices, views

app_name = "front"

urlpatterns = [
    path("", views.home, name="home"),
    path("thong-bao/", notices.notices, name="notices"),
    path("thong-bao/<int:pk>/mo/", notices.open_notice, name="open_notice"),
    path("thong-bao/da-doc/", notices.read_all, name="read_all"),
    path("thong-bao/thu-dien-tu/", notices.email_choice, name="email_choice"),
    path("huong-dan/", guide.guide, name="guide"),
    path("huong-dan/anh/<str:name>", guide.guide_image, name="guide_image"),
    path("huong-dan/<str:page>/", guide.guide, name="guide_page"),
]
