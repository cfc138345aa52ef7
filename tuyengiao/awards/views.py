from django.http import HttpRequest, HttpResponse


def cycle_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
