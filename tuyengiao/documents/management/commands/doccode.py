"""manage.py doccode [TEXT…|-] | --parse CODE — document numbers (số, ký hiệu) as JSON.

``doccode TEXT…`` prints the citations found in the texts (joined by a space; no text or ``-`` reads standard
input); ``doccode --parse CODE`` prints one code, or fails with exit status 1 and the reason on standard error.
Each object has the keys raw, canonical, number, type, type_name, issuer, year, system, date, start, end.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext, gettext_noop

from tuyengiao.lib import doccode
from tuyengiao.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_noop(
        "Tìm số, ký hiệu văn bản của Đảng và Nhà nước được trích dẫn trong văn bản (hoặc phân tích một số, "
        "ký hiệu với --parse) và in kết quả dạng JSON."
    )
    # call_command(..., stdin=io.StringIO(...)) in tests; the command line uses sys.stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "text", nargs="*", help=gettext("Văn bản cần tìm (nối bằng dấu cách); bỏ trống hoặc '-' để đọc từ stdin.")
        )
        parser.add_argument("--parse", metavar="CODE", help=gettext("Phân tích một số, ký hiệu văn bản."))
        parser.add_argument(
            "--headers",
            action="store_true",
            help=gettext("Kể cả dòng 'Số: …' đứng đầu dòng (số của chính văn bản, danh mục văn bản)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        texts: list[str] = options["text"]
        if options["parse"] is not None:
            if texts:
                raise CommandError(gettext("Dùng --parse CODE hoặc TEXT…, không dùng cả hai."), returncode=2)
            self._write(self._parse(options["parse"]))
            return
        if not texts or texts == ["-"]:
            stdin: TextIO = options.get("stdin") or sys.stdin
            text = stdin.read()
        else:
            text = " ".join(texts)
        self._write([c.as_dict() for c in doccode.find_citations(text, headers=options["headers"])])

    def _parse(self, raw: str) -> dict[str, Any]:
        try:
            code = doccode.parse(raw)
        except doccode.DocCodeError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        return {
            "raw": raw,
            "canonical": code.canonical,
            "number": code.number,
            "type": code.type,
            "type_name": code.type_name,
            "issuer": code.issuer,
            "year": code.year,
            "system": code.system,
            "date": None,
            "start": None,
            "end": None,
        }

    def _write(self, data: object) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
