"""The editorial desk of the portals (mounted at /bien-tap/, signed in): articles, workflow, images, team."""

from django.urls import path

from tuyengiao.portal import views_desk as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:slug>/viet/", views.article_new, name="new"),
    path("<slug:slug>/viet/luu/", views.article_create, name="create"),
    path("<slug:slug>/nhom/", views.team, name="team"),
    path("<slug:slug>/nhom/cong-tac-vien/", views.contributor_add, name="contributor_add"),
    path("<slug:slug>/nhom/cong-tac-vien/<int:contributor>/bo/", views.contributor_remove, name="contributor_remove"),
    path("<slug:slug>/nhom/chuyen-muc/", views.section_add, name="section_add"),
    path("<slug:slug>/nhom/chuyen-muc/<int:section>/", views.section_update, name="section_update"),
    path("tin/<int:pk>/", views.article_edit, name="edit"),
    path("tin/<int:pk>/luu/", views.article_update, name="update"),
    path("tin/<int:pk>/xem-truoc/", views.preview, name="preview"),
    path("tin/<int:pk>/anh/", views.image_add, name="image_add"),
    path("tin/<int:pk>/anh/<int:image_pk>/", views.image_file, name="image"),
    path("tin/<int:pk>/anh/<int:image_pk>/sua/", views.image_update, name="image_update"),
    path("tin/<int:pk>/anh/<int:image_pk>/xoa/", views.image_delete, name="image_delete"),
    path("tin/<int:pk>/gui-duyet/", views.submit, name="submit"),
    path("tin/<int:pk>/tra-lai/", views.send_back, name="send_back"),
    path("tin/<int:pk>/dang/", views.publish, name="publish"),
    path("tin/<int:pk>/go/", views.unpublish, name="unpublish"),
    path("tin/<int:pk>/luu-tru/", views.archive, name="archive"),
    path("tin/<int:pk>/khoi-phuc/", views.restore, name="restore"),
    path("dang-tin/hoi-nghi/<int:pk>/", views.draft_meeting, name="draft_meeting"),
    path("dang-tin/khen-thuong/<int:pk>/", views.draft_decision, name="draft_decision"),
]
