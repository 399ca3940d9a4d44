"""Parsed TOML is cached for start-up speed, but a changed or damaged file is never served
stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from punchin import parsed_toml


def test_a_changed_file_is_read_again(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "settings.toml"
    source.write_text('language = "en"\n', encoding="utf-8")
    assert parsed_toml.load(source) == {"language": "en"}
    cached = list((home / "cache").iterdir())
    assert len(cached) == 1 and cached[0].stat().st_mode & 0o777 == 0o600
    source.write_text('language = "zh"\n', encoding="utf-8")  # same size, new content
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000))
    assert parsed_toml.load(source) == {"language": "zh"}


def test_a_damaged_cache_is_ignored(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "ui.toml"
    source.write_text("[ui]\nhello = 'hi'\n", encoding="utf-8")
    parsed_toml.load(source)
    for cached in (home / "cache").iterdir():
        cached.write_bytes(b"\x00garbage")
    assert parsed_toml.load(source) == {"ui": {"hello": "hi"}}


def test_bad_toml_is_a_value_error(tmp_path: Path) -> None:
    source = tmp_path / "bad.toml"
    source.write_text("language = [", encoding="utf-8")
    with pytest.raises(ValueError):
        parsed_toml.load(source)
