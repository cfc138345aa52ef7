"""The API's one error shape also for what never reaches an operation: an address the API does not have (404)
or a method an address does not take (405) answer ``{"code", "message"}`` in JSON like every other error, not
Django's HTML page or ninja's empty body."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from tuyengiao.api.errors import body

PREFIX = "/api/v1/"


class JsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(PREFIX) or response.status_code not in (404, 405):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response  # an operation's own 404, already in the shape
        if response.status_code == 404:
            data = body("not_found", _("API không có địa chỉ này (xem /api/v1/docs)."))
            return JsonResponse(data, status=404)
        allowed = response.get("Allow", "")
        data = body(
            "method_not_allowed",
            _("Địa chỉ này không nhận phương thức %(method)s; chỉ nhận: %(allowed)s.")
            % {"method": request.method, "allowed": allowed or "–"},
        )
        answer = JsonResponse(data, status=405)
        if allowed:
            answer["Allow"] = allowed
        return answer
