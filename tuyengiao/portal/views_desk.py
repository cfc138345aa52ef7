"""The editorial desk (``/bien-tap/``, signed-in staff): the portals a user works on, their articles by status,
the article editor, images, the workflow steps (one POST view each), contributors and sections, and "Đăng tin"
from a conference or an award decision.

Scoping: a portal is found through ``access.portals_for``/``access.access`` and an article through
``access.articles_for``; anything outside answers 404 (a portal or article the user cannot see does not exist
for them). A step the user sees but may not take (a contributor publishing) answers 403 with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuyengiao.awards.models import Decision
from tuyengiao.lib import uploads
from tuyengiao.lib.revision import StaleEdit, posted_revision
from tuyengiao.meetings.models import Meeting
from tuyengiao.portal import access, drafting, images, services
from tuyengiao.portal.access import Access
from tuyengiao.portal.forms import (
    STATUS_FILTERS,
    ArticleForm,
    ContributorForm,
    ImageDetailsForm,
    ImageForm,
    NoteForm,
    PublishForm,
    SearchForm,
    SectionForm,
)
from tuyengiao.portal.models import Article, ArticleEvent, ArticleImage, Contributor, Portal, Section

PER_PAGE = 30
Status = Article.Status


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "portal/desk/refused.html", {"message": message}, status=403)


def _portal(request: HttpRequest, slug: str, at_least: Access = Access.CONTRIBUTOR) -> tuple[Portal, Access]:
    """The portal and the user's access; 404 when the user has none (or it is closed)."""
    portal = Portal.objects.filter(slug=slug, is_active=True).select_related("unit", "territory").first()
    if portal is None:
        raise Http404(_("Không tìm thấy cổng thông tin."))
    level = access.access(request.user, portal)
    if level < Access.CONTRIBUTOR:
        raise Http404(_("Không tìm thấy cổng thông tin."))
    return portal, level


def _article(request: HttpRequest, pk: int) -> Article:
    article = (
        access.articles_for(request.user)
        .filter(pk=pk)
        .select_related("portal", "section", "thread", "cover", "created_by")
        .first()
    )
    if article is None:
        raise Http404(_("Không tìm thấy tin bài."))
    return article


def _status_filter(rows: Any, status: str, now: Any) -> Any:
    if status == "published":
        return rows.filter(status=Status.PUBLISHED, published_at__lte=now)
    if status == "scheduled":
        return rows.filter(status=Status.PUBLISHED, published_at__gt=now)
    if status in Status.values:
        return rows.filter(status=status)
    return rows


@login_required
def home(request: HttpRequest) -> HttpResponse:
    portals = access.portals_for(request.user)
    if not portals:
        return render(request, "portal/desk/home.html", {"portals": [], "no_access": True})
    chosen = next((p for p in portals if p[0].slug == request.GET.get("cong")), portals[0])
    portal, level = chosen
    form = SearchForm(request.GET or None)
    status, query = "", ""
    if form.is_valid():
        status, query = form.cleaned_data["trang_thai"], form.cleaned_data["q"]
    now = timezone.now()
    mine = access.articles_for(request.user).filter(portal=portal)
    counts = mine.order_by().aggregate(
        draft=Count("pk", filter=Q(status=Status.DRAFT)),
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        published=Count("pk", filter=Q(status=Status.PUBLISHED, published_at__lte=now)),
        scheduled=Count("pk", filter=Q(status=Status.PUBLISHED, published_at__gt=now)),
        unpublished=Count("pk", filter=Q(status=Status.UNPUBLISHED)),
        archived=Count("pk", filter=Q(status=Status.ARCHIVED)),
    )
    rows = _status_filter(mine, status, now)
    if not status:
        rows = rows.exclude(status=Status.ARCHIVED)
    if query:
        rows = rows.search(query)
    rows = rows.select_related("section", "created_by").order_by("-updated", "-pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("trang"))
    tabs = [(code, label, counts.get(code, 0)) for code, label in STATUS_FILTERS]
    return render(
        request,
        "portal/desk/home.html",
        {
            "portals": portals,
            "portal": portal,
            "level": level,
            "is_publisher": level >= Access.PUBLISHER,
            "form": form,
            "status": status,
            "tabs": tabs,
            "page": page,
            "now": now,
        },
    )


def _editor(
    request: HttpRequest, form: ArticleForm, portal: Portal, level: Access, article: Article | None, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "portal": portal, "level": level, "article": article}
    if article is not None:
        context.update(
            images=list(ArticleImage.objects.filter(article=article)),
            events=list(ArticleEvent.objects.filter(article=article).select_related("actor").order_by("-at", "-pk")),
            steps=services.allowed_steps(request.user, article),
            editable=access.can_edit(request.user, article),
            image_form=ImageForm(),
            note_form=NoteForm(),
            publish_form=PublishForm(),
        )
    return render(request, "portal/desk/editor.html", context, status=status)


@login_required
def article_new(request: HttpRequest, slug: str) -> HttpResponse:
    portal, level = _portal(request, slug)
    form = ArticleForm(
        instance=Article(portal=portal),
        portal=portal,
        level=level,
        initial={"author_name": getattr(request.user, "full_name", "")},
    )
    return _editor(request, form, portal, level, None)


def _save(request: HttpRequest, portal: Portal, level: Access, article: Article | None) -> HttpResponse:
    instance = article or Article(portal=portal)
    form = ArticleForm(request.POST, instance=instance, portal=portal, level=level)
    if not form.is_valid():
        return _editor(request, form, portal, level, article, 409 if form.has_error("__all__", "stale") else 400)
    saved: Article = form.save(commit=False)
    try:
        services.save_article(
            saved,
            request.user,
            expected=form.cleaned_data.get("revision") if article else None,
            tags_text=form.cleaned_data["tags_text"],
            new_thread_title=form.cleaned_data["new_thread"],
            related=list(form.cleaned_data["related"]),
        )
    except StaleEdit as exc:
        form.add_error(None, exc)
        return _editor(request, form, portal, level, article, 409)
    except services.Refused as exc:
        return _refused(request, str(exc))
    messages.success(request, _("Đã lưu “%(t)s”.") % {"t": saved.title})
    return redirect("portal:edit", pk=saved.pk)


@login_required
@require_POST
def article_create(request: HttpRequest, slug: str) -> HttpResponse:
    portal, level = _portal(request, slug)
    return _save(request, portal, level, None)


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    level = access.access(request.user, article.portal)
    return _editor(
        request, ArticleForm(instance=article, portal=article.portal, level=level), article.portal, level, article
    )


@login_required
@require_POST
def article_update(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    if not access.can_edit(request.user, article):
        return _refused(request, _("Bạn không được sửa tin bài này ở trạng thái hiện tại."))
    return _save(request, article.portal, access.access(request.user, article.portal), article)


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The article as readers will see it (whatever its status), for the staff who may see it on the desk."""
    article = _article(request, pk)
    return render(
        request,
        "portal/desk/preview.html",
        {
            "article": article,
            "portal": article.portal,
            "body": images.to_desk(images.shown(article.body, article.portal), article),
            "tags": list(article.tags.all()),
            "related": list(article.related.live().only("pk", "title", "slug", "portal_id", "published_at")),
        },
    )


@login_required
@require_POST
def image_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if not access.can_edit(request.user, article):
        if wants_json:
            return JsonResponse({"error": _("Bạn không được sửa tin bài này.")}, status=403)
        return _refused(request, _("Bạn không được thêm ảnh vào tin bài này ở trạng thái hiện tại."))
    form = ImageForm(request.POST, request.FILES)
    errors: list[str] = []
    stored = None
    if uploads.refused_in_form(request, form):
        errors = [str(e) for e in form.errors["file"]]
    elif not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    else:
        try:
            stored = images.add_image(
                article, form.cleaned_data["file"], request.user, form.cleaned_data["alt"], form.cleaned_data["caption"]
            )
        except ValidationError as exc:
            errors = list(exc.messages)
    if wants_json:
        if stored is None:
            return JsonResponse({"error": " ".join(errors)}, status=400)
        return JsonResponse(_image_json(stored))
    for message in errors:
        messages.error(request, message)
    if stored is not None:
        messages.success(request, _("Đã tải ảnh lên; chèn ảnh vào nội dung bằng nút ảnh của trình soạn thảo."))
    return redirect("portal:edit", pk=article.pk)


def _image_json(image: ArticleImage) -> dict[str, Any]:
    return {
        "id": image.pk,
        "src": images.desk_url(image),
        "thumb": images.desk_url(image),
        "alt": image.alt,
        "caption": image.caption,
        "width": image.width,
        "height": image.height,
    }


def _image_step(
    request: HttpRequest, pk: int, image_pk: int, refused: str, action: Callable[[ArticleImage], object], done: str
) -> HttpResponse:
    """One change of an article's image (``action``), allowed while the user may edit the article (else
    ``refused``, 403); an image of another article, or an article the user cannot read, is a 404."""
    article = _article(request, pk)
    image = get_object_or_404(ArticleImage, pk=image_pk, article=article)
    if not access.can_edit(request.user, article):
        return _refused(request, refused)
    try:
        action(image)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(reverse("portal:edit", args=[article.pk]) + "#h-images")


@login_required
@require_POST
def image_update(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    def save(image: ArticleImage) -> None:
        form = ImageDetailsForm(request.POST)
        if not form.is_valid():
            raise ValidationError([str(message) for errors in form.errors.values() for message in errors])
        data = form.cleaned_data
        images.update_image(
            image, data["alt"], data["caption"], alt_was=data["alt_was"], caption_was=data["caption_was"]
        )

    refused = _("Bạn không được sửa ảnh của tin bài này ở trạng thái hiện tại.")
    return _image_step(request, pk, image_pk, refused, save, _("Đã lưu mô tả và chú thích của ảnh."))


@login_required
@require_POST
def image_delete(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    refused = _("Bạn không được xoá ảnh của tin bài này ở trạng thái hiện tại.")
    return _image_step(request, pk, image_pk, refused, images.delete_image, _("Đã xoá ảnh."))


@login_required
def image_file(request: HttpRequest, pk: int, image_pk: int) -> FileResponse:
    """An image of an article, for the desk (the public site serves it at ``public:image`` once live)."""
    article = _article(request, pk)
    image = get_object_or_404(ArticleImage, pk=image_pk, article=article)
    try:
        handle = image.file.open("rb")
    except OSError as exc:
        raise Http404(_("Tệp không còn trên máy chủ.")) from exc
    response = FileResponse(handle, content_type=image.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Workflow steps: one POST view each ------------------------------------------------------------------------


def _step(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    article = _article(request, pk)
    try:
        action(article, posted_revision(request.POST))
    except services.Refused as exc:
        return _refused(request, str(exc))
    except StaleEdit:
        messages.error(request, str(services.STALE))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("portal:edit", pk=article.pk)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda a, rev: services.submit(a, request.user, rev), _("Đã gửi duyệt."))


@login_required
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _step(
        request, pk, lambda a, rev: services.send_back(a, request.user, rev, note), _("Đã trả lại tin bài để sửa.")
    )


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    form = PublishForm(request.POST)

    def act(article: Article, rev: int) -> None:
        if not form.is_valid():
            raise ValidationError(_("Thời điểm hẹn đăng không hợp lệ; ghi dd/mm/yyyy hh:mm."))
        services.publish(article, request.user, rev, form.cleaned_data["at"])

    return _step(request, pk, act, _("Đã duyệt tin bài."))


@login_required
@require_POST
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda a, rev: services.unpublish(a, request.user, rev), _("Đã gỡ tin khỏi cổng."))


@login_required
@require_POST
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda a, rev: services.archive(a, request.user, rev), _("Đã đưa vào lưu trữ."))


@login_required
@require_POST
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda a, rev: services.restore(a, request.user, rev), _("Đã khôi phục thành bản nháp."))


# --- Contributors and sections (publishers) ---------------------------------------------------------------------


def _publisher_portal(request: HttpRequest, slug: str) -> tuple[Portal, HttpResponse | None]:
    portal, level = _portal(request, slug)
    if level < Access.PUBLISHER:
        return portal, _refused(request, _("Chỉ lãnh đạo Ban quản lý cộng tác viên và chuyên mục của cổng."))
    return portal, None


def _section_form(section: Section, portal: Portal) -> SectionForm:
    return SectionForm(instance=section, portal=portal, prefix=f"s{section.pk}")


def _team_page(request: HttpRequest, portal: Portal, **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "portal/desk/team.html",
        {
            "portal": portal,
            "contributors": list(
                Contributor.objects.filter(portal=portal).select_related("user").order_by("user__username")
            ),
            "sections": [
                (
                    section,
                    forms.get(f"section_{section.pk}")
                    or SectionForm(instance=section, portal=portal, prefix=f"s{section.pk}"),
                )
                for section in Section.objects.filter(portal=portal).annotate(n=Count("articles"))
            ],
            "contributor_form": forms.get("contributor") or ContributorForm(),
            "section_form": forms.get("section") or SectionForm(portal=portal, prefix="new"),
            "today": today,
        },
        status=400 if forms else 200,
    )


@login_required
def team(request: HttpRequest, slug: str) -> HttpResponse:
    portal, refused = _publisher_portal(request, slug)
    return refused or _team_page(request, portal)


@login_required
@require_POST
def contributor_add(request: HttpRequest, slug: str) -> HttpResponse:
    portal, refused = _publisher_portal(request, slug)
    if refused:
        return refused
    form = ContributorForm(request.POST)
    if not form.is_valid():
        return _team_page(request, portal, contributor=form)
    user = get_user_model().objects.filter(username=form.cleaned_data["username"].strip(), is_active=True).first()
    if user is None:
        form.add_error("username", _("Không có tài khoản đang hoạt động với tên đăng nhập này."))
        return _team_page(request, portal, contributor=form)
    try:
        with transaction.atomic():
            Contributor.objects.create(
                portal=portal, user=user, valid_from=timezone.localdate(), valid_to=form.cleaned_data["valid_to"]
            )
    except IntegrityError:
        form.add_error("username", _("Người này đã là cộng tác viên của cổng."))
        return _team_page(request, portal, contributor=form)
    messages.success(request, _("Đã thêm cộng tác viên %(u)s.") % {"u": user})
    return redirect("portal:team", slug=portal.slug)


@login_required
@require_POST
def contributor_remove(request: HttpRequest, slug: str, contributor: int) -> HttpResponse:
    portal, refused = _publisher_portal(request, slug)
    if refused:
        return refused
    row = get_object_or_404(Contributor, pk=contributor, portal=portal)
    row.delete()
    messages.success(request, _("Đã bỏ cộng tác viên %(u)s.") % {"u": row.user})
    return redirect("portal:team", slug=portal.slug)


@login_required
@require_POST
def section_add(request: HttpRequest, slug: str) -> HttpResponse:
    portal, refused = _publisher_portal(request, slug)
    if refused:
        return refused
    form = SectionForm(request.POST, instance=Section(portal=portal), portal=portal, prefix="new")
    if not form.is_valid():
        return _team_page(request, portal, section=form)
    with transaction.atomic():
        form.save()
        portal.touch()
    messages.success(request, _("Đã thêm chuyên mục."))
    return redirect("portal:team", slug=portal.slug)


@login_required
@require_POST
def section_update(request: HttpRequest, slug: str, section: int) -> HttpResponse:
    portal, refused = _publisher_portal(request, slug)
    if refused:
        return refused
    row = get_object_or_404(Section, pk=section, portal=portal)
    form = SectionForm(request.POST, instance=row, portal=portal, prefix=f"s{row.pk}")
    if not form.is_valid():
        return _team_page(request, portal, **{f"section_{row.pk}": form})
    with transaction.atomic():
        form.save()
        portal.touch()
    messages.success(request, _("Đã lưu chuyên mục “%(n)s”.") % {"n": row.name})
    return redirect("portal:team", slug=portal.slug)


# --- "Đăng tin": a draft from a record ---------------------------------------------------------------------------


def _drafted(request: HttpRequest, article: Article, created: bool) -> HttpResponse:
    if created:
        messages.success(request, _("Đã soạn bản nháp từ hồ sơ; hãy đọc lại, hoàn thiện rồi gửi duyệt."))
    else:
        messages.info(request, _("Hồ sơ này đã có tin bài; mở tin đã soạn thay vì tạo bản mới."))
    return redirect("portal:edit", pk=article.pk)


def _drafting_portal(request: HttpRequest, unit_id: int) -> Portal:
    portal = drafting.portal_for(unit_id)
    if portal is None or access.access(request.user, portal) < Access.CONTRIBUTOR:
        raise Http404(_("Không có cổng thông tin nào nhận tin từ hồ sơ này."))
    return portal


@login_required
@require_POST
def draft_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.readable_by(request.user), pk=pk)
    portal = _drafting_portal(request, meeting.organiser_id)
    article, created = drafting.draft_from_meeting(meeting, portal, request.user)
    return _drafted(request, article, created)


@login_required
@require_POST
def draft_decision(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.readable_by(request.user).select_related("cycle", "award_form", "meeting"), pk=pk
    )
    portal = _drafting_portal(request, decision.cycle.unit_id)
    article, created = drafting.draft_from_decision(decision, portal, request.user)
    return _drafted(request, article, created)
