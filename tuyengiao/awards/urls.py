"""URLs of the emulation and awards area."""

from django.urls import path

from tuyengiao.awards import views

app_name = "awards"

urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("dot/<int:pk>/", views.cycle_detail, name="cycle"),
    path("dot/<int:pk>/them/dang-ky/", views.cycle_register, name="cycle_register"),
    path("dot/<int:pk>/them/de-nghi/", views.cycle_nominate, name="cycle_nominate"),
    path("dot/<int:pk>/them/khoi/", views.cycle_bloc_add, name="cycle_bloc_add"),
    path("dot/<int:pk>/them/hoi-dong/", views.cycle_member_add, name="cycle_member_add"),
    path("dot/<int:pk>/them/quyet-dinh/", views.cycle_decision_add, name="cycle_decision_add"),
    path("dot/<int:pk>/sua/", views.cycle_edit, name="cycle_edit"),
    path("dot/<int:pk>/kiem-phieu/", views.tally, name="tally"),
    path("dot/<int:pk>/hoi-dong/<int:member>/sua/", views.member_edit, name="member_edit"),
    path("dot/<int:pk>/hoi-dong/<int:member>/xoa/", views.member_delete, name="member_delete"),
    path("dot/<int:pk>/khoi/<int:bloc>/giao-uoc/", views.pledge_file, name="pledge_file"),
    path("de-nghi/<int:pk>/", views.nomination_detail, name="nomination"),
    path("de-nghi/<int:pk>/rut/", views.nomination_withdraw, name="nomination_withdraw"),
    path("de-nghi/<int:pk>/phieu/<int:vote>/xoa/", views.vote_delete, name="vote_delete"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("quyet-dinh/<int:pk>/dua-vao-danh-sach/", views.decision_add_awards, name="decision_add"),
    path("quyet-dinh/<int:pk>/ghi-so/", views.decision_issue, name="decision_issue"),
    path("quyet-dinh/<int:pk>/khen-thuong/<int:award>/thu-hoi/", views.decision_revoke, name="decision_revoke"),
    path("quyet-dinh/<int:pk>/tai/<str:what>", views.decision_file, name="decision_file"),
    path("don-vi/<int:unit>/", views.unit_awards, name="unit"),
    path("ca-nhan/<int:pk>/", views.person_awards, name="person"),
]
