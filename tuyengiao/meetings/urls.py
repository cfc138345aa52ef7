"""URLs of the meetings area (mounted at /hoi-nghi/)."""

from django.urls import path

from tuyengiao.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("them/", views.create, name="create"),
    path("lich/", views.calendar_month, name="calendar"),
    path("lich/dong-bo/", views.feed_settings, name="feed_settings"),
    path("lich/dong-bo/tao/", views.feed_create, name="feed_create"),
    path("lich/dong-bo/thu-hoi/", views.feed_revoke, name="feed_revoke"),
    path("lich/ics/<str:token>.ics", views.feed_ics, name="feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/tham-luan/<int:speech_pk>/tep/", views.speech_file, name="speech_file"),
    path("<int:pk>/giay-moi.docx", views.invitation_docx, name="invitation"),
    path("<int:pk>/danh-sach-dai-bieu.xlsx", views.attendance_xlsx, name="attendance"),
    path("<int:pk>/thong-bao-ket-luan.docx", views.conclusions_docx, name="conclusions"),
    path("<int:pk>/thong-bao-ket-luan.pdf", views.conclusions_pdf, name="conclusions_pdf"),
]
