"""Forms of the editorial desk. Every choice is limited to the article's own portal: a section, thread, cover
image or related article of another portal (a forged id) is refused with a Vietnamese message and nothing is
saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuyengiao.lib.forms import BaseForm, style
from tuyengiao.lib.revision import RevisionFormMixin
from tuyengiao.lib.text import one_line
from tuyengiao.portal.access import Access
from tuyengiao.portal.images import to_desk
from tuyengiao.portal.models import Article, ArticleImage, Portal, Section, Thread
from tuyengiao.portal.services import slug_for

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
NOT_THIS_PORTAL = _("Lựa chọn không thuộc cổng thông tin này.")


class DateTimeInput(forms.DateTimeInput):
    def __init__(self) -> None:
        super().__init__(format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"})


class ArticleForm(RevisionFormMixin, forms.ModelForm):
    tags_text = forms.CharField(
        label=_("Từ khóa"),
        required=False,
        max_length=1000,
        help_text=_("Cách nhau bằng dấu phẩy, ví dụ “học tập Bác, chuyển đổi số”."),
    )
    new_thread = forms.CharField(
        label=_("hoặc dòng sự kiện mới"), required=False, max_length=255, help_text=_("Tên sự kiện, nếu chưa có.")
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "author_name",
            "section",
            "thread",
            "related",
            "cover",
            "featured",
            "rating_enabled",
            "published_at",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18, "data-rich-editor": "1"}),
            "related": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "slug": _("Để trống: tạo từ tiêu đề. Chỉ chữ không dấu, số và gạch nối."),
            "body": _("Ảnh chèn vào bài phải là ảnh đã tải lên của tin bài này."),
        }

    def __init__(self, *args: Any, portal: Portal, level: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.portal = portal
        instance: Article = self.instance
        fields = self.fields
        fields["slug"].required = False
        fields["section"] = forms.ModelChoiceField(
            queryset=Section.objects.filter(portal=portal),
            label=_("Chuyên mục"),
            empty_label=None,
            error_messages={"invalid_choice": NOT_THIS_PORTAL},
        )
        fields["thread"] = forms.ModelChoiceField(
            queryset=Thread.objects.filter(portal=portal),
            label=_("Dòng sự kiện"),
            required=False,
            error_messages={"invalid_choice": NOT_THIS_PORTAL},
        )
        live = Article.objects.filter(portal=portal).live().only("pk", "title", "published_at")
        if instance.pk:
            live = live.exclude(pk=instance.pk)
        fields["related"] = forms.ModelMultipleChoiceField(
            queryset=live,
            label=_("Tin liên quan"),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 6}),
            help_text=_("Các tin đã đăng của cổng; giữ Ctrl để chọn nhiều tin."),
            error_messages={"invalid_choice": NOT_THIS_PORTAL, "invalid_pk_value": NOT_THIS_PORTAL},
        )
        images = ArticleImage.objects.filter(article=instance) if instance.pk else ArticleImage.objects.none()
        fields["cover"] = forms.ModelChoiceField(
            queryset=images,
            label=_("Ảnh đại diện"),
            required=False,
            error_messages={"invalid_choice": NOT_THIS_PORTAL},
            help_text=_("Một trong các ảnh đã tải lên của tin bài."),
        )
        if level >= Access.PUBLISHER:
            fields["published_at"] = forms.DateTimeField(
                label=_("Thời điểm đăng"),
                required=False,
                input_formats=DATETIME_FORMATS,
                widget=DateTimeInput(),
                help_text=_("dd/mm/yyyy hh:mm. Một thời điểm sắp tới: khi duyệt, tin được hẹn giờ đăng vào lúc đó."),
            )
        else:
            del fields["published_at"]
        if instance.pk:
            self.initial["body"] = to_desk(instance.body, instance)
            self.initial["tags_text"] = ", ".join(t.name for t in instance.tags.all())
        self.order_fields(["title", "slug", "summary", "body", "author_name", "section", "tags_text", "thread"])
        style(self)

    def clean_title(self) -> str:
        return one_line(self.cleaned_data.get("title") or "")

    def clean_slug(self) -> str:
        typed = (self.cleaned_data.get("slug") or "").strip()
        if not typed:
            return ""
        slug = slug_for(typed)
        clash = Article.objects.filter(portal=self.portal, slug=slug)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(gettext("Đường dẫn “%(s)s” đã có tin khác của cổng dùng.") % {"s": slug})
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("thread") and (data.get("new_thread") or "").strip():
            message = gettext("Chọn một dòng sự kiện có sẵn hoặc ghi tên sự kiện mới, không cả hai.")
            self.add_error("new_thread", message)
        return data


class ImageForm(BaseForm):
    file = forms.FileField(label=_("Ảnh (JPEG, PNG, WebP)"))
    alt = forms.CharField(
        label=_("Mô tả ảnh"),
        max_length=255,
        help_text=_("Bắt buộc: người khiếm thị nghe mô tả này, ví dụ “Đồng chí Bí thư phát biểu tại hội nghị”."),
    )
    caption = forms.CharField(label=_("Chú thích"), max_length=500, required=False)


class ImageDetailsForm(BaseForm):
    """New alt text and caption of an uploaded image, with what the editor saw (``alt_was``, ``caption_was``)."""

    alt = forms.CharField(label=_("Mô tả ảnh"), max_length=255)
    caption = forms.CharField(label=_("Chú thích"), max_length=500, required=False)
    alt_was = forms.CharField(max_length=255, required=False, widget=forms.HiddenInput)
    caption_was = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)


class NoteForm(BaseForm):
    note = forms.CharField(label=_("Cần sửa gì"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class PublishForm(BaseForm):
    at = forms.DateTimeField(
        label=_("Hẹn giờ đăng"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
        help_text=_("Để trống: đăng ngay."),
    )

    def clean_at(self) -> dt.datetime | None:
        return self.cleaned_data.get("at")


class SearchForm(BaseForm):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["trang_thai"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext("Tất cả")), *STATUS_FILTERS]


# The desk's tabs: a scheduled article is "published" with a time ahead; it gets its own tab.
STATUS_FILTERS = [
    ("draft", _("Bản nháp")),
    ("submitted", _("Chờ duyệt")),
    ("published", _("Đã đăng")),
    ("scheduled", _("Hẹn giờ")),
    ("unpublished", _("Đã gỡ")),
    ("archived", _("Lưu trữ")),
]


class ContributorForm(BaseForm):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    valid_to = forms.DateField(label=_("Đến trước ngày"), required=False, widget=forms.DateInput())


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["name", "slug", "description", "order", "on_home"]

    def __init__(self, *args: Any, portal: Portal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.portal = portal
        self.fields["slug"].required = False
        style(self)

    def clean_slug(self) -> str:
        slug = slug_for((self.cleaned_data.get("slug") or "").strip() or (self.cleaned_data.get("name") or ""), 64)
        clash = Section.objects.filter(portal=self.portal, slug=slug)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(gettext("Đường dẫn “%(s)s” đã có chuyên mục khác dùng.") % {"s": slug})
        return slug
