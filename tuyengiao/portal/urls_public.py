"""The public portals (mounted at /cong/, no account needed): home, sections, articles, document library."""

from django.urls import path

from tuyengiao.portal import feeds, views_public

app_name = "public"

urlpatterns = [
    path("", views_public.index, name="index"),
    path("<slug:slug>/", views_public.home, name="home"),
    path("<slug:slug>/rss/", feeds.PortalFeed(), name="feed"),
    path("<slug:slug>/tim-kiem/", views_public.search, name="search"),
    path("<slug:slug>/chuyen-muc/<slug:section_slug>/", views_public.section, name="section"),
    path("<slug:slug>/chuyen-muc/<slug:section_slug>/rss/", feeds.SectionFeed(), name="section_feed"),
    path("<slug:slug>/dem/bai/<int:pk>/", views_public.count_article, name="count_article"),
    path("<slug:slug>/danh-gia/<int:pk>/", views_public.rate, name="rate"),
    path("<slug:slug>/bai/<int:pk>/<slug:article_slug>/", views_public.article, name="article"),
    path("<slug:slug>/bai/<int:pk>/<slug:article_slug>/in/", views_public.article_print, name="print"),
    path("<slug:slug>/tu-khoa/<slug:tag_slug>/", views_public.tag, name="tag"),
    path("<slug:slug>/su-kien/<slug:thread_slug>/", views_public.thread, name="thread"),
    path("<slug:slug>/anh/<int:pk>/", views_public.image, name="image"),
    path("<slug:slug>/van-ban/", views_public.library, name="library"),
    path("<slug:slug>/van-ban/<int:pk>/", views_public.document, name="document"),
    path("<slug:slug>/dem/van-ban/<int:pk>/", views_public.count_document, name="count_document"),
    path("<slug:slug>/van-ban/<int:pk>/tep/<int:attachment_pk>/", views_public.download, name="download"),
    path("<slug:slug>/van-ban/<int:pk>/tep/<int:attachment_pk>/xem-truoc/", views_public.preview, name="preview"),
]
