from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from tuyengiao.api.main import api
from tuyengiao.portal.sitemaps import SITEMAPS

urlpatterns = [
    path("", include("tuyengiao.front.urls")),
    path("", include("tuyengiao.ops.urls")),
    path("tai-khoan/", include("tuyengiao.accounts.urls")),
    path("don-vi/", include("tuyengiao.units.urls")),
    path("van-ban/", include("tuyengiao.documents.urls")),
    path("bao-cao/", include("tuyengiao.reports.urls")),
    path("hoi-nghi/", include("tuyengiao.meetings.urls")),
    path("nhiem-vu/", include("tuyengiao.followup.urls")),
    path("can-bo/", include("tuyengiao.people.urls")),
    path("quan-triet/", include("tuyengiao.dissemination.urls")),
    path("thi-dua/", include("tuyengiao.awards.urls")),
    path("dinh-huong-ban-tin/", include("tuyengiao.outputs.urls")),
    path("mang-luoi/", include("tuyengiao.networks.urls")),
    path("api/v1/", api.urls),
    path("phan-tich/", include("tuyengiao.analytics.urls")),
    path("bien-tap/", include("tuyengiao.portal.urls")),
    path("cong/", include("tuyengiao.portal.urls_public")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
