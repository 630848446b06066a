"""Writing an export where the office PC asked (`coopbot export ... --out F`) without harming
what is already there: an existing file is kept unless `--force`, a symbolic link is never
followed (not even with `--force`), a folder or a device is refused. Each refusal is an
OutRefused whose `key` names one sentence in locales/*/admin.ftl (`export-out-*`).

The file is created with O_CREAT|O_EXCL|O_NOFOLLOW, so a file or link that appears between the
check and the write is refused too; with `--force` the data goes to a new file beside the target
that then replaces it in one rename (a rename replaces a link itself, never its target). Exports
hold national IDs and mobiles: the file is readable by its owner only (0600).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

MODE = 0o600


class OutRefused(Exception):
    def __init__(self, key: str, path: Path) -> None:
        super().__init__(f"{key}: {path}")
        self.key = key
        self.path = path


def check(path: Path, *, force: bool) -> None:
    """Refuse a target that may not be written (before the export is made)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise OutRefused("export-out-symlink", path)
    if stat.S_ISDIR(info.st_mode):
        raise OutRefused("export-out-folder", path)
    if not stat.S_ISREG(info.st_mode):
        raise OutRefused("export-out-not-file", path)
    if not force:
        raise OutRefused("export-out-exists", path)


def write(path: Path, data: bytes, *, force: bool = False) -> None:
    """`data` into a new file at `path` (or replacing a regular file, with `force`)."""
    check(path, force=force)
    path.parent.mkdir(parents=True, exist_ok=True)
    if force and path.exists():
        _replace(path, data)
        return
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, MODE)
    except FileExistsError:  # appeared meanwhile: a file, a folder or a link
        check(path, force=False)
        raise
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except BaseException:
        path.unlink(missing_ok=True)  # no half-written export left behind
        raise


def _replace(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        if path.is_symlink() or path.is_dir():  # changed since the check
            check(path, force=True)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
