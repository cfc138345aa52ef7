"""The demo portal of Đắk Lắk (``manage.py load_demo``): ``/cong/dak-lak/``.

Articles written by us for the demo (no text or photo comes from any real portal; each body ends with a line
saying so), dated 01/2024–10/2026 across the 2025 reform, each naming the commission and the local units as they
were on its date: "Ban Tuyên giáo Tỉnh ủy Đắk Lắk" and its districts until the merger of the commissions (the
unit tree dates it 01/03/2025), "Ban Tuyên giáo và Dân vận Tỉnh ủy" after it; from 01/07/2025 the province
includes the former Phú Yên and its 102 communes and wards have no district above them (docs/domain.md §1).
The commission's name is taken from the unit tree (``Unit.name_on``) at each article's date, not written in.

What it shows: sections with live news, a conference thread (three articles), tags, two featured articles,
pictures (banners drawn here with Pillow, with alt text and captions), one article scheduled a few days ahead,
one draft and one article a commune has submitted (the desk's queue), and the registry's public demo documents
with counters and a generated PDF (a page drawn with Pillow and saved as PDF: no new dependency) so the library
has something to preview.

Idempotent: the portal is opened once; an article whose slug exists is left alone; a document that has an
attachment gets no second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from tuyengiao.accounts import demo as accounts_demo
from tuyengiao.accounts.models import User
from tuyengiao.documents import services as document_services
from tuyengiao.documents.models import Document
from tuyengiao.portal import sanitise
from tuyengiao.portal.importer import image_url
from tuyengiao.portal.models import (
    Article,
    ArticleEvent,
    ArticleImage,
    DocumentCounter,
    Portal,
    Section,
    Tag,
    Thread,
)
from tuyengiao.units.models import Unit

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SLUG = "dak-lak"
PATH = f"/cong/{SLUG}/"
SAMPLE_NOTE = "Tin mẫu do nhóm phát triển Tuyên giáo số viết để minh họa cổng thông tin, không phải tin thật."
FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
)


# ------------------------------------------------------------------------------------ pictures and PDF


def _font(size: int) -> Any:
    from PIL import ImageFont

    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _wrap(draw: Any, text: str, font: Any, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def banner(text: str, colour: tuple[int, int, int], size: tuple[int, int] = (1200, 630)) -> bytes:
    """A PNG: a coloured field with a lighter band and ``text`` in white (drawn here, no photograph)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 40) for c in colour)
    draw.rectangle([0, size[1] * 2 // 3, size[0], size[1]], fill=light)
    draw.ellipse([size[0] - 260, 40, size[0] - 60, 240], outline=(255, 255, 255), width=8)
    font = _font(size[1] // 11)
    y = size[1] // 6
    for line in _wrap(draw, text, font, size[0] - 380):
        draw.text((60, y), line, font=font, fill=(255, 255, 255))
        y += int(font.size * 1.3)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def text_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF of ``title`` and ``lines`` (drawn as a page image with Pillow: full Vietnamese text
    with the system's DejaVu font, and a valid PDF without adding a PDF library)."""
    from PIL import Image, ImageDraw

    width, height = 1240, 1754  # A4 at 150 dpi
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    title_font, body_font = _font(40), _font(28)
    y = 160
    for line in _wrap(draw, title, title_font, width - 300):
        draw.text((width // 2, y), line, font=title_font, fill="black", anchor="ma")
        y += 56
    y += 40
    for text in lines:
        for line in _wrap(draw, text, body_font, width - 300):
            draw.text((150, y), line, font=body_font, fill="black")
            y += 42
        y += 18
    out = io.BytesIO()
    page.save(out, "PDF", resolution=150.0)
    return out.getvalue()


def store_image(
    portal: Portal, article: Article | None, data: bytes, name: str, alt: str, caption: str = ""
) -> ArticleImage:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as picture:
        width, height = picture.size
    image = ArticleImage(
        portal=portal,
        article=article,
        original_name=name,
        content_type="image/png",
        extension=".png",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width=width,
        height=height,
        alt=alt,
        caption=caption,
    )
    image.file.save(name, ContentFile(data), save=False)
    image.save()
    return image


# ------------------------------------------------------------------------------------ the articles


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    section: str
    at: tuple[int, int, int, int, int]  # local date and time
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    author: str
    tags: tuple[str, ...] = ()
    featured: bool = False
    picture: tuple[int, int, int] | None = None  # a banner in this colour, as cover and first figure
    caption: str = ""
    thread: bool = False


# {ban}: the commission's name on the article's date (from the unit tree).
ARTICLES = [
    DemoArticle(
        "tong-ket-cong-tac-tuyen-giao-nam-2023",
        "tin-hoat-dong",
        (2024, 1, 10, 8, 0),
        "Tổng kết công tác tuyên giáo năm 2023, triển khai nhiệm vụ năm 2024",
        "{ban} tổ chức hội nghị tổng kết, kết nối trực tuyến đến ban tuyên giáo 15 huyện, thị xã, thành phố.",
        (
            "Năm 2023, ngành tuyên giáo của tỉnh đã tham mưu cấp ủy tổ chức học tập, quán triệt các nghị quyết, "
            "chỉ thị mới ở tất cả các đảng bộ, chi bộ; hội nghị báo cáo viên được duy trì hằng tháng.",
            "Hội nghị thống nhất năm nhóm nhiệm vụ của năm 2024, trong đó có đổi mới hội nghị báo cáo viên và "
            "nâng chất lượng nắm bắt dư luận xã hội ở cơ sở.",
        ),
        "Phòng Thông tin – Tuyên truyền",
        ("tổng kết", "công tác tuyên giáo"),
        picture=(166, 28, 36),
        caption="Hội nghị tổng kết công tác tuyên giáo năm 2023 (ảnh minh họa).",
    ),
    DemoArticle(
        "hoc-tap-chuyen-de-nam-2024",
        "hoc-tap-lam-theo-bac",
        (2024, 3, 12, 9, 30),
        "Các chi bộ sinh hoạt chuyên đề năm 2024 về học tập và làm theo Bác",
        "Mỗi đảng viên đăng ký một việc làm cụ thể và báo cáo kết quả khi kiểm điểm cuối năm.",
        (
            "Theo hướng dẫn của {ban}, các chi bộ dành ít nhất một buổi sinh hoạt trong quý để thảo luận chuyên "
            "đề năm 2024, gắn với Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW.",
            "Nhiều chi bộ ở thành phố Buôn Ma Thuột và huyện Krông Pắc mời người có uy tín trong buôn cùng "
            "dự, để việc làm theo Bác đi vào đời sống từng khu dân cư.",
        ),
        "Hoàng Lan",
        ("học tập và làm theo Bác",),
    ),
    DemoArticle(
        "hoi-nghi-bao-cao-vien-thang-4-2024",
        "tin-hoat-dong",
        (2024, 4, 16, 7, 45),
        "Hội nghị báo cáo viên tháng 4/2024: thông tin về chuyển đổi số",
        "Hội nghị trực tuyến đến 15 điểm cầu huyện, thị xã, thành phố với hơn 1.200 đại biểu.",
        (
            "Báo cáo viên thông tin về chương trình chuyển đổi số của tỉnh và những việc cán bộ cơ sở cần làm "
            "để người dân dùng được dịch vụ công trực tuyến.",
            "Tại các điểm cầu, đại biểu hỏi về kết nối mạng ở vùng sâu, vùng xa và được giải đáp ngay.",
        ),
        "H'Linh Niê",
        ("báo cáo viên", "chuyển đổi số"),
    ),
    DemoArticle(
        "ky-niem-134-nam-ngay-sinh-bac",
        "hoc-tap-lam-theo-bac",
        (2024, 5, 18, 15, 0),
        "Nhiều hoạt động kỷ niệm 134 năm Ngày sinh Chủ tịch Hồ Chí Minh",
        "Hội thi kể chuyện về Bác và triển lãm ảnh được tổ chức ở nhiều huyện.",
        (
            "Hưởng ứng hướng dẫn của {ban}, các huyện tổ chức hội thi kể chuyện về tấm gương đạo đức Hồ Chí Minh "
            "cho đoàn viên, học sinh; nhiều trường học dựng góc ảnh về Bác.",
            "Ở huyện Lắk, các buôn đồng bào Mnông tổ chức đêm văn nghệ với những bài hát về Bác bằng tiếng dân tộc.",
        ),
        "Thu Hà",
        ("học tập và làm theo Bác",),
        picture=(24, 90, 140),
        caption="Góc ảnh về Chủ tịch Hồ Chí Minh ở một trường học (ảnh minh họa).",
    ),
    DemoArticle(
        "gap-mat-bao-chi-21-6-2024",
        "van-hoa-khoa-giao",
        (2024, 6, 20, 16, 30),
        "Gặp mặt các cơ quan báo chí nhân Ngày Báo chí cách mạng Việt Nam",
        "Lãnh đạo {ban} cảm ơn các phóng viên đã đồng hành với công tác tuyên truyền của tỉnh.",
        (
            "Tại buổi gặp mặt, các cơ quan báo chí của tỉnh và phóng viên thường trú trao đổi về cách đưa tin "
            "chính xác, kịp thời về những vấn đề được dư luận quan tâm.",
            "{ban} ghi nhận những loạt bài về gương điển hình ở cơ sở và đề nghị tiếp tục dành chuyên mục cho "
            "chủ đề này.",
        ),
        "Phòng Báo chí – Xuất bản",
        ("báo chí",),
    ),
    DemoArticle(
        "tu-sach-phap-luat-o-buon",
        "guong-dien-hinh",
        (2024, 8, 15, 10, 0),
        "Tủ sách pháp luật ở buôn: mô hình nhỏ, hiệu quả lớn",
        "Một chi đoàn ở huyện Krông Ana duy trì tủ sách pháp luật cho bà con suốt ba năm.",
        (
            "Tủ sách đặt ngay tại nhà văn hóa buôn, mở cửa vào tối thứ Bảy; đoàn viên đọc và giải thích cho bà "
            "con những quy định về đất đai, hôn nhân và gia đình.",
            "Mô hình được giới thiệu là một cách làm hay trong học tập và làm theo Bác của tuổi trẻ huyện.",
        ),
        "Y Khoa Byă",
        ("mô hình hay",),
    ),
    DemoArticle(
        "boi-duong-ly-luan-dang-vien-moi-ea-kar",
        "ly-luan-chinh-tri",
        (2024, 9, 25, 14, 0),
        "Đổi mới lớp bồi dưỡng lý luận chính trị cho đảng viên mới ở Ea Kar",
        "Giảng viên dùng ví dụ của chính địa phương, học viên thảo luận nhóm thay vì chỉ nghe giảng.",
        (
            "Trung tâm Chính trị huyện Ea Kar mở lớp cho 86 đảng viên mới; mỗi buổi dành thời gian để học viên "
            "liên hệ với công việc ở chi bộ mình.",
            "Bài thu hoạch cuối khóa yêu cầu mỗi học viên nêu một việc sẽ làm để nâng chất lượng sinh hoạt chi bộ.",
        ),
        "Phòng Lý luận chính trị",
        ("lý luận chính trị",),
    ),
    DemoArticle(
        "toa-dam-bao-ve-nen-tang-tu-tuong-2024",
        "ly-luan-chinh-tri",
        (2024, 12, 18, 9, 0),
        "Tọa đàm về bảo vệ nền tảng tư tưởng của Đảng trên không gian mạng",
        "Các đại biểu trao đổi về cách phát hiện sớm và phản bác thông tin sai lệch.",
        (
            "Tọa đàm do {ban} tổ chức theo Nghị quyết số 35-NQ/TW, với sự tham gia của báo cáo viên, phóng viên "
            "và giảng viên lý luận chính trị.",
            "Các ý kiến thống nhất: thông tin chính thống cần nhanh hơn và gần gũi hơn với người đọc trên mạng xã hội.",
        ),
        "Phòng Lý luận chính trị",
        ("bảo vệ nền tảng tư tưởng",),
    ),
    DemoArticle(
        "tong-ket-cong-tac-tuyen-giao-nam-2024",
        "tin-hoat-dong",
        (2025, 1, 15, 8, 0),
        "Tổng kết công tác tuyên giáo năm 2024",
        "{ban} tổng kết năm 2024 và chuẩn bị cho việc sắp xếp tổ chức bộ máy.",
        (
            "Hội nghị đánh giá năm 2024 là năm các hội nghị báo cáo viên lần đầu được tổ chức đều đặn hằng tháng "
            "ở tất cả 15 huyện, thị xã, thành phố.",
            "Năm 2025, ngành tập trung tuyên truyền về sắp xếp tổ chức bộ máy của hệ thống chính trị, tạo đồng "
            "thuận trong cán bộ, đảng viên và nhân dân.",
        ),
        "Phòng Thông tin – Tuyên truyền",
        ("tổng kết", "công tác tuyên giáo"),
    ),
    DemoArticle(
        "ra-mat-ban-tuyen-giao-va-dan-van",
        "tin-hoat-dong",
        (2025, 3, 3, 8, 30),
        "{ban} bắt đầu hoạt động",
        "Ban mới được thành lập trên cơ sở hợp nhất Ban Tuyên giáo và Ban Dân vận Tỉnh ủy.",
        (
            "Từ tháng 3/2025, công tác tuyên giáo và công tác dân vận của Tỉnh ủy do một cơ quan tham mưu: {ban}.",
            "Tại buổi làm việc đầu tiên, lãnh đạo Ban phân công các phòng và yêu cầu không để gián đoạn các "
            "nhiệm vụ đang triển khai.",
        ),
        "Văn phòng Ban",
        ("sắp xếp bộ máy",),
        featured=True,
        picture=(120, 30, 30),
        caption="Lễ công bố quyết định thành lập Ban (ảnh minh họa).",
    ),
    DemoArticle(
        "ky-niem-135-nam-ngay-sinh-bac",
        "hoc-tap-lam-theo-bac",
        (2025, 5, 19, 7, 0),
        "Dâng hương tưởng niệm nhân 135 năm Ngày sinh Chủ tịch Hồ Chí Minh",
        "Cán bộ, đảng viên các cơ quan tỉnh dâng hương và đăng ký làm theo Bác.",
        (
            "Sáng 19/5, đoàn đại biểu các cơ quan của tỉnh dâng hương tưởng niệm Chủ tịch Hồ Chí Minh.",
            "{ban} đề nghị mỗi chi bộ chọn một việc cụ thể để làm theo Bác trong những tháng chuyển sang chính "
            "quyền địa phương hai cấp.",
        ),
        "Hoàng Lan",
        ("học tập và làm theo Bác",),
    ),
    DemoArticle(
        "tap-huan-can-bo-xa-truoc-ngay-1-7",
        "tuyen-giao-dan-van-co-so",
        (2025, 6, 27, 14, 0),
        "Tập huấn nghiệp vụ tuyên giáo, dân vận cho cán bộ các xã, phường mới",
        "Cán bộ dự kiến làm việc ở Ban Xây dựng Đảng các xã, phường được hướng dẫn nghiệp vụ trước ngày 01/7.",
        (
            "Lớp tập huấn giới thiệu các việc thường xuyên: tổ chức học tập nghị quyết, nắm dư luận, báo cáo "
            "hằng tháng và quý.",
            "Học viên được hướng dẫn dùng nền tảng số của ngành để nhận văn bản và gửi báo cáo.",
        ),
        "Phòng Tuyên truyền – Dân vận cơ sở",
        ("chính quyền hai cấp",),
    ),
    DemoArticle(
        "ban-xay-dung-dang-xa-phuong-nhan-nhiem-vu",
        "tuyen-giao-dan-van-co-so",
        (2025, 7, 10, 9, 0),
        "102 xã, phường bắt đầu công tác tuyên giáo, dân vận theo mô hình mới",
        "Ban Xây dựng Đảng của các đảng ủy xã, phường tham mưu công tác tuyên giáo và dân vận ở cơ sở.",
        (
            "Từ ngày 01/7/2025, tỉnh Đắk Lắk (sau khi hợp nhất với tỉnh Phú Yên) có 102 xã, phường, không còn "
            "cấp huyện. {ban} hướng dẫn trực tiếp các đảng ủy xã, phường.",
            "Trong tháng đầu, các xã, phường báo cáo dư luận về việc vận hành bộ máy mới mỗi tuần một lần.",
        ),
        "Phòng Tuyên truyền – Dân vận cơ sở",
        ("chính quyền hai cấp",),
        picture=(20, 110, 80),
        caption="Một buổi làm việc của Ban Xây dựng Đảng phường (ảnh minh họa).",
    ),
    DemoArticle(
        "hoi-nghi-bao-cao-vien-thang-8-2025",
        "tin-hoat-dong",
        (2025, 8, 20, 7, 30),
        "Hội nghị báo cáo viên tháng 8/2025 kết nối đến 102 điểm cầu xã, phường",
        "Lần đầu tiên hội nghị báo cáo viên của Tỉnh ủy kết nối thẳng đến tất cả các xã, phường.",
        (
            "Báo cáo viên thông tin về kết quả một tháng vận hành chính quyền địa phương hai cấp và tình hình "
            "thời sự nổi bật.",
            "{ban} đề nghị các xã, phường tổ chức lại hội nghị ở chi bộ trong vòng mười ngày.",
        ),
        "H'Linh Niê",
        ("báo cáo viên",),
    ),
    DemoArticle(
        "hoc-tap-chuyen-de-phuong-buon-ma-thuot",
        "hoc-tap-lam-theo-bac",
        (2025, 9, 12, 16, 0),
        "Phường Buôn Ma Thuột học tập chuyên đề theo Kế hoạch số 45-KH/BTGDVTU",
        "Đảng ủy phường tổ chức học tập chuyên đề cho tất cả các chi bộ trực thuộc.",
        (
            "Thực hiện Kế hoạch số 45-KH/BTGDVTU ngày 15/8/2025 của {ban}, Đảng ủy phường Buôn Ma Thuột "
            "tổ chức hội nghị học tập chuyên đề, kết nối đến các chi bộ khu dân cư.",
            "Các chi bộ sẽ báo cáo kết quả làm theo trong quý IV/2025.",
        ),
        "Lê Văn Cường",
        ("học tập và làm theo Bác",),
    ),
    DemoArticle(
        "ton-vinh-dan-van-kheo-2025",
        "guong-dien-hinh",
        (2025, 10, 15, 9, 0),
        "Tôn vinh các mô hình “Dân vận khéo” năm 2025",
        "Nhân ngày truyền thống công tác dân vận của Đảng, tỉnh tôn vinh các mô hình hiệu quả.",
        (
            "Các mô hình được tôn vinh thuộc nhiều lĩnh vực: giảm nghèo, làm đường liên buôn, giữ gìn an ninh "
            "trật tự ở khu dân cư.",
            "{ban} đề nghị nhân rộng các mô hình phù hợp ở những xã, phường mới.",
        ),
        "Phòng Dân vận",
        ("dân vận khéo", "mô hình hay"),
        featured=True,
        picture=(200, 120, 20),
        caption="Đại diện các mô hình “Dân vận khéo” được tôn vinh (ảnh minh họa).",
    ),
    DemoArticle(
        "lien-hoan-van-nghe-xa-hoa-phu",
        "van-hoa-khoa-giao",
        (2025, 11, 20, 19, 0),
        "Xã Hòa Phú tổ chức liên hoan văn nghệ quần chúng",
        "Mười đội văn nghệ của các thôn, buôn tham gia liên hoan.",
        (
            "Liên hoan có nhiều tiết mục cồng chiêng và hát dân ca của đồng bào Ê Đê.",
            "Đảng ủy xã cho biết sẽ tổ chức liên hoan hằng năm vào dịp Ngày hội Đại đoàn kết toàn dân tộc.",
        ),
        "Phạm Thị Dung",
        ("văn hóa",),
    ),
    DemoArticle(
        "giao-ban-quy-iv-2025",
        "tin-hoat-dong",
        (2025, 12, 5, 14, 0),
        "Giao ban công tác tuyên giáo và dân vận quý IV/2025",
        "Các xã, phường báo cáo kết quả quý IV và đề xuất nội dung cho năm 2026.",
        (
            "{ban} nghe các đảng ủy xã, phường báo cáo về học tập chuyên đề, hội nghị báo cáo viên và dư luận xã hội.",
            "Giao ban thống nhất lịch tổng kết năm vào đầu tháng 01/2026.",
        ),
        "Văn phòng Ban",
        ("giao ban",),
    ),
    DemoArticle(
        "sap-dien-ra-tong-ket-nam-2025",
        "tin-hoat-dong",
        (2026, 1, 7, 10, 0),
        "Sắp diễn ra Hội nghị tổng kết công tác tuyên giáo và dân vận năm 2025",
        "Hội nghị sẽ kết nối trực tuyến đến 102 xã, phường.",
        (
            "{ban} chuẩn bị báo cáo tổng kết, dự thảo chương trình công tác năm 2026 và danh sách đề nghị khen thưởng.",
            "Các đảng ủy xã, phường được đề nghị bố trí điểm cầu và cử người phát biểu tham luận.",
        ),
        "Văn phòng Ban",
        ("tổng kết",),
        thread=True,
    ),
    DemoArticle(
        "tong-ket-cong-tac-tuyen-giao-va-dan-van-nam-2025",
        "tin-hoat-dong",
        (2026, 1, 9, 11, 0),
        "Tổng kết công tác tuyên giáo và dân vận năm 2025: năm đầu vận hành mô hình mới",
        "Hội nghị đánh giá năm đầu tiên công tác tuyên giáo và dân vận do một cơ quan tham mưu.",
        (
            "Năm 2025, {ban} vừa sắp xếp tổ chức, vừa bảo đảm các nhiệm vụ thường xuyên; hội nghị báo cáo viên "
            "hằng tháng đã đến được tất cả các xã, phường.",
            "Năm 2026, trọng tâm là học tập, quán triệt nghị quyết đại hội đảng các cấp và nâng chất lượng hoạt "
            "động của Ban Xây dựng Đảng ở cơ sở.",
        ),
        "Phòng Thông tin – Tuyên truyền",
        ("tổng kết", "công tác tuyên giáo"),
        featured=True,
        picture=(150, 20, 40),
        caption="Quang cảnh hội nghị tổng kết năm 2025 (ảnh minh họa).",
        thread=True,
    ),
    DemoArticle(
        "khen-thuong-tai-hoi-nghi-tong-ket-2025",
        "tin-hoat-dong",
        (2026, 1, 9, 16, 0),
        "Khen thưởng các tập thể, cá nhân có thành tích năm 2025",
        "Nhiều tập thể, cá nhân được khen thưởng tại hội nghị tổng kết.",
        (
            "Tại hội nghị, các tập thể và cá nhân có thành tích xuất sắc trong công tác tuyên giáo và dân vận năm "
            "2025 được {ban} tặng giấy khen.",
            "Phần lớn tập thể được khen là các đảng ủy xã, phường mới thành lập.",
        ),
        "Văn phòng Ban",
        ("khen thưởng", "tổng kết"),
        thread=True,
    ),
    DemoArticle(
        "hoc-tap-quan-triet-nghi-quyet-dai-hoi-2026",
        "ly-luan-chinh-tri",
        (2026, 3, 10, 8, 0),
        "Học tập, quán triệt nghị quyết đại hội Đảng cho cán bộ chủ chốt",
        "Hội nghị trực tuyến cho cán bộ chủ chốt của tỉnh và các xã, phường.",
        (
            "Các báo cáo viên trình bày những nội dung cốt lõi của nghị quyết và những điểm mới cần quán triệt.",
            "{ban} hướng dẫn các đảng ủy xã, phường hoàn thành việc học tập ở chi bộ trong quý II/2026.",
        ),
        "Phòng Lý luận chính trị",
        ("học tập nghị quyết",),
    ),
    DemoArticle(
        "guong-sang-tuoi-tre-phuong-tuy-hoa",
        "guong-dien-hinh",
        (2026, 4, 22, 15, 0),
        "Gương sáng tuổi trẻ ở phường Tuy Hòa",
        "Một bí thư chi đoàn khu phố lập nhóm tình nguyện dạy tin học cho người cao tuổi.",
        (
            "Nhóm tình nguyện hướng dẫn người cao tuổi dùng điện thoại để nộp hồ sơ dịch vụ công và đọc tin "
            "chính thống.",
            "Phường Tuy Hòa đề nghị giới thiệu gương này trong đợt sơ kết học tập và làm theo Bác.",
        ),
        "Nguyễn Minh",
        ("mô hình hay", "chuyển đổi số"),
    ),
    DemoArticle(
        "dan-van-kheo-2026",
        "guong-dien-hinh",
        (2026, 10, 14, 9, 0),
        "Đăng ký mô hình “Dân vận khéo” năm 2026 tăng ở các xã vùng sâu",
        "Nhiều xã vùng sâu đăng ký mô hình gắn với giảm nghèo bền vững.",
        (
            "Theo tổng hợp của {ban}, số mô hình đăng ký năm 2026 nhiều hơn năm trước, nhất là ở các xã vùng "
            "đồng bào dân tộc thiểu số.",
            "Các mô hình sẽ được đánh giá, tôn vinh vào dịp 15/10.",
        ),
        "Phòng Dân vận",
        ("dân vận khéo",),
    ),
]

THREAD = ("tong-ket-nam-2025", "Hội nghị tổng kết công tác tuyên giáo và dân vận năm 2025", dt.date(2026, 1, 9))


def _body(paragraphs: list[str], figure: ArticleImage | None = None) -> str:
    parts = [f"<p>{p}</p>" for p in paragraphs]
    if figure is not None:
        parts.insert(
            1,
            f'<figure><img src="{image_url(figure)}" alt="{figure.alt}" width="{figure.width}" '
            f'height="{figure.height}"><figcaption>{figure.caption}</figcaption></figure>',
        )
    parts.append(f"<p><em>{SAMPLE_NOTE}</em></p>")
    return sanitise.clean("".join(parts))


def _event(article: Article, action: str, actor: User | None, at: dt.datetime) -> None:
    ArticleEvent.objects.create(article=article, action=action, actor=actor, at=at)


def ensure_portal_opened() -> Portal:
    commission = Unit.objects.get(key=accounts_demo.COMMISSION_KEY)
    existing = Portal.objects.filter(unit=commission).first()
    if existing is not None:
        return existing
    territory = Unit.objects.get(key=accounts_demo.PROVINCE_KEY)
    today = timezone.localdate()
    return Portal.open_for(
        commission,
        territory,
        SLUG,
        commission.name_on(today),
        tagline="Cổng thông tin điện tử của " + commission.name_on(today),
        contact="Số 09 Lê Duẩn, phường Buôn Ma Thuột, tỉnh Đắk Lắk (địa chỉ mẫu)",
        editor_in_chief="Trưởng Ban (dữ liệu mẫu)",
    )


@transaction.atomic
def ensure_portal() -> int:
    """Open the Đắk Lắk portal and add the demo articles and documents that are missing; how many articles."""
    portal = ensure_portal_opened()
    commission = portal.unit
    users = {
        u.username: u for u in User.objects.filter(username__in=["chuyenvien.daklak", "lanhdao.daklak", "xa1.daklak"])
    }
    editor, leader, commune = (users.get(n) for n in ("chuyenvien.daklak", "lanhdao.daklak", "xa1.daklak"))
    sections = {s.slug: s for s in portal.sections.all()}
    existing = set(portal.articles.values_list("slug", flat=True))
    thread, _ = Thread.objects.get_or_create(
        portal=portal, slug=THREAD[0], defaults={"title": THREAD[1], "starts_on": THREAD[2]}
    )
    tags: dict[str, Tag] = {}
    created = 0
    for demo in ARTICLES:
        if demo.slug in existing:
            continue
        at = dt.datetime(*demo.at, tzinfo=TZ)
        ban = commission.name_on(at.date())
        article = Article.objects.create(
            portal=portal,
            section=sections[demo.section],
            slug=demo.slug,
            title=demo.title.format(ban=ban),
            summary=demo.summary.format(ban=ban),
            author_name=demo.author,
            status=Article.Status.PUBLISHED,
            published_at=at,
            featured=demo.featured,
            thread=thread if demo.thread else None,
            views=_views(demo.slug, at),
            created_by=editor,
            created=at - dt.timedelta(hours=3),
        )
        figure = None
        if demo.picture:
            figure = store_image(
                portal,
                article,
                banner(article.title, demo.picture),
                f"{demo.slug}.png",
                alt="Ảnh minh họa: " + article.title,
                caption=demo.caption,
            )
            article.cover = figure
        article.body = _body([p.format(ban=ban) for p in demo.paragraphs], figure)
        article.save()
        for name in demo.tags:
            tag = (
                tags.get(name) or Tag.objects.get_or_create(portal=portal, slug=_slug(name), defaults={"name": name})[0]
            )
            tags[name] = tag
            article.tags.add(tag)
        _event(article, ArticleEvent.Action.CREATED, editor, at - dt.timedelta(hours=3))
        _event(article, ArticleEvent.Action.SUBMITTED, editor, at - dt.timedelta(hours=2))
        _event(article, ArticleEvent.Action.PUBLISHED, leader, at)
        created += 1
    created += _workflow_examples(portal, sections, existing, editor, leader, commune)
    if created:
        _related(portal)
    _documents(portal)
    if created:
        portal.touch()
    return created


def _slug(name: str) -> str:
    from django.utils.text import slugify

    from tuyengiao.lib.text import fold

    return slugify(fold(name))[:96]


def _views(slug: str, at: dt.datetime) -> int:
    """A plausible, stable view count: older articles have more (no reader is counted here)."""
    age_days = max(1, (timezone.now() - at).days)
    return 40 + min(age_days, 900) * 2 + int(hashlib.sha256(slug.encode()).hexdigest()[:3], 16) % 400


def _workflow_examples(
    portal: Portal,
    sections: dict[str, Section],
    existing: set[str],
    editor: User | None,
    leader: User | None,
    commune: User | None,
) -> int:
    """One article scheduled a few days ahead, one draft and one submitted by a commune (the desk's queue)."""
    now = timezone.now()
    created = 0
    ahead = (now + dt.timedelta(days=3)).astimezone(TZ).replace(hour=7, minute=0, second=0, microsecond=0)
    examples = [
        (
            "hen-gio-hoi-nghi-bao-cao-vien-thang-toi",
            "tin-hoat-dong",
            "Hội nghị báo cáo viên tháng tới: thông tin về kết quả kinh tế - xã hội",
            Article.Status.PUBLISHED,
            ahead,
            editor,
        ),
        (
            "ban-nhap-so-ket-dan-van-kheo",
            "guong-dien-hinh",
            "Sơ kết phong trào thi đua “Dân vận khéo” (bản nháp)",
            Article.Status.DRAFT,
            None,
            editor,
        ),
        (
            "phuong-buon-ma-thuot-gui-tin-sinh-hoat-chi-bo",
            "tuyen-giao-dan-van-co-so",
            "Phường Buôn Ma Thuột: sinh hoạt chi bộ chuyên đề ở khu dân cư",
            Article.Status.SUBMITTED,
            None,
            commune,
        ),
    ]
    for slug, section, title, status, at, author in examples:
        if slug in existing:
            continue
        article = Article.objects.create(
            portal=portal,
            section=sections[section],
            slug=slug,
            title=title,
            summary="Bản tin mẫu để thử quy trình biên tập trên bàn biên tập.",
            body=_body(["Nội dung đang được biên tập."]),
            author_name=author.full_name if author else "",
            status=status,
            published_at=at,
            created_by=author,
        )
        _event(article, ArticleEvent.Action.CREATED, author, now - dt.timedelta(hours=5))
        if status != Article.Status.DRAFT:
            _event(article, ArticleEvent.Action.SUBMITTED, author, now - dt.timedelta(hours=4))
        if status == Article.Status.PUBLISHED:
            _event(article, ArticleEvent.Action.SCHEDULED, leader, now - dt.timedelta(hours=1))
        created += 1
    return created


def _related(portal: Portal) -> None:
    """Articles of the same thread, and those sharing a tag, point at each other (three at most)."""
    articles = list(portal.articles.live().prefetch_related("tags"))
    for article in articles:
        if article.related.exists():
            continue
        mine = {t.pk for t in article.tags.all()}
        others = [
            a
            for a in articles
            if a.pk != article.pk
            and ((article.thread_id and a.thread_id == article.thread_id) or mine & {t.pk for t in a.tags.all()})
        ]
        article.related.set(others[:3])


# The registry's public demo documents (documents/demo.py) that get counters, and those that get a PDF.
DOCUMENT_COUNTS = {
    "05-CT/TW": (2310, 415),
    "01-KL/TW": (1650, 302),
    "35-NQ/TW": (1204, 188),
    "04-ĐA/TU": (640, 77),
    "12-KH/BTGTU": (424, 9),
    "45-KH/BTGDVTU": (288, 36),
}
DOCUMENT_PDFS = ("45-KH/BTGDVTU", "12-KH/BTGTU")


def _documents(portal: Portal) -> None:
    """Counters for the public demo documents, and a generated PDF for two of them (none twice)."""
    for code, (views, downloads) in DOCUMENT_COUNTS.items():
        document = Document.objects.with_code(code).filter(visibility=Document.Visibility.PUBLIC).first()
        if document is None:
            continue
        DocumentCounter.objects.get_or_create(document=document, defaults={"views": views, "downloads": downloads})
        if code in DOCUMENT_PDFS and not document.attachments.exists():
            pdf = text_pdf(
                f"{document.type_name.upper()} SỐ {document.code}",
                [
                    document.issuer_name + (f", ngày {document.issued_on_text}" if document.issue_date else ""),
                    document.subject,
                    document.summary or "",
                    "Bản PDF mẫu do nhóm phát triển tạo để minh họa thư viện văn bản, không phải văn bản thật.",
                ],
            )
            name = document.code.replace("/", "-") + ".pdf"
            document_services.add_attachment(document, SimpleUploadedFile(name, pdf, "application/pdf"), None)
