"""``huikuan redis acl``: the Redis ACL file of Huikuan's users (docs/security.md)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated

import typer

from shared.infra.secret_files import SettingsRefused, read_secret_file
from tooling.connect import fail
from tooling.redis_acl import acl_file, acl_users, development_passwords, password_suffix

redis_app = typer.Typer(help="Redis: the ACL users of Huikuan's clients.", no_args_is_help=True)

PASSWORD_FILE = "redis-password-{suffix}"


def password_file(folder: Path, user: str) -> Path:
    """Where the password of ``user`` is kept: ``redis-password-<service>`` for
    ``huikuan-<service>`` (the compose and Kubernetes secret names), else its own name."""
    return folder / PASSWORD_FILE.format(suffix=password_suffix(user))


def _password(folder: Path, user: str, generate: bool) -> str:
    path = password_file(folder, user)
    if not path.exists() and generate:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_hex(32) + "\n")
    try:
        return read_secret_file(user, str(path))
    except SettingsRefused:
        raise fail(f"no password for {user}: write one to {path}, or pass --generate") from None


@redis_app.command("acl")
def acl(
    passwords: Annotated[
        Path | None,
        typer.Option(
            "--passwords",
            help="Folder of password files: redis-password-<service>, redis-password-console, "
            "redis-password-admin, redis-password-erp (the compose secret names).",
        ),
    ] = None,
    development: Annotated[
        bool,
        typer.Option("--development", help="The public development passwords (compose only)."),
    ] = False,
    generate: Annotated[
        bool, typer.Option("--generate", help="Make a random password file where one is missing.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the ACL file here (default: stdout).")
    ] = None,
) -> None:
    """Write Redis's ACL file: `default` off, one user per kind of client, passwords
    hashed. Load it with `aclfile <path>` (or `--aclfile`)."""
    if development == (passwords is not None):
        raise fail("give either --passwords <folder> or --development")
    if passwords is None:
        text = acl_file(development_passwords())
    else:
        text = acl_file({u.name: _password(passwords, u.name, generate) for u in acl_users()})
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    typer.echo(f"{len(acl_users())} users written to {out}", err=True)
