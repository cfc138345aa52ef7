"""A base for management commands whose ``help`` is translatable.

argparse needs real ``str`` objects (it runs ``re.sub`` over the description), so a
lazy ``help`` breaks ``manage.py help``. Mark ``help`` with ``gettext_noop`` for
extraction; it is translated here, when the parser is built. Argument help texts
are translated with ``gettext`` in ``add_arguments``, which also runs at that time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext


class TranslatedCommand(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        if type(self).help:
            self.help = gettext(type(self).help)  # the class attribute stays the msgid
        return super().create_parser(prog_name, subcommand, **kwargs)
