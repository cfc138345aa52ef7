"""Django's JSON serialisation with datetimes and times to the microsecond (format "jsonfull", for backups).

Django's own JSON encoder cuts datetimes to milliseconds (ECMA-262), so a row saved at 05:27:46.000123 would come
back from a backup at 05:27:46: not the same row. Reading is Django's: its fields parse microseconds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.timezone import is_aware


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if is_aware(o) and text.endswith("+00:00") else text
        if isinstance(o, dt.time) and not is_aware(o):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]
        self.json_kwargs["cls"] = FullPrecisionEncoder


Deserializer = django_json.Deserializer
