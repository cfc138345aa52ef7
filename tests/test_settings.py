"""Production mode refuses unsafe configuration; `check --deploy` is clean when configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run({"TG_PRODUCTION": "true", "ALLOWED_HOSTS": "tuyengiao.example.vn"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


GOOD_KEY = "Q9#mZ!p2@Lw$7vR^eT&yU*iO(pA)sD_fG+hJ3kL5nB8cX1vM0qW4eR6tY"


def test_production_refuses_a_long_secret_key_without_entropy():
    result = run({"TG_PRODUCTION": "true", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "tuyengiao.example.vn"}, "check")
    assert result.returncode != 0
    assert "at least 20 of them different" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run({"TG_PRODUCTION": "true", "SECRET_KEY": GOOD_KEY}, "check")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_reads_the_secret_from_a_file_and_passes_check_deploy(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("k" * 20 + "Q9#mZ!p2@Lw$7vR^eT&yU*iO(pA)sD_fG+hJ")
    env = {
        "TG_PRODUCTION": "true",
        "SECRET_KEY_FILE": str(secret),
        "ALLOWED_HOSTS": "tuyengiao.example.vn",
        "TG_DATA_DIR": str(tmp_path),
    }
    result = run(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_settings_docstring_lists_every_environment_variable_the_settings_read():
    import re

    import tuyengiao.settings as settings_module

    source = Path(settings_module.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r'env(?:str|bool|int|list)\(\s*"([A-Z_]+)"', source))
    assert {"SECRET_KEY", "DATABASE_URL", "TG_MAX_UPLOAD_MB"} <= read
    documented = set(re.findall(r"^  ([A-Z_]+) ", settings_module.__doc__ or "", flags=re.M))
    assert read <= documented, sorted(read - documented)


def test_production_static_files_collect_with_hashed_names(tmp_path, settings):
    """The production storage rewrites every url()/sourceMappingURL a CSS or JS file names, and fails on a file
    that is not there (a vendored library's source map): `make serve` and the load benches would not start."""
    from io import StringIO

    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0, stdout=StringIO())
    assert (tmp_path / "static" / "staticfiles.json").exists()
