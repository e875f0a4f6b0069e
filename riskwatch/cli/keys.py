"""`riskwatch keys`: create, list and revoke API keys."""

from __future__ import annotations

import click
from sqlalchemy.exc import IntegrityError

from riskwatch.cli.runtime import open_runtime
from riskwatch.store.keys import create_key, list_keys, revoke_key
from riskwatch.store.migrate import upgrade


@click.group("keys")
def keys_group() -> None:
    """Manage API keys (writes need one; reads too if RISKWATCH_READS_NEED_KEY=1)."""


@keys_group.command("create")
@click.option("--name", required=True, help="Who or what the key is for (unique).")
@click.option("--admin", is_flag=True, help="May refresh feeds and see every subscription.")
def create(name: str, admin: bool) -> None:
    """Create a key and print it once, alone on the last line."""
    with open_runtime() as runtime:
        upgrade(runtime.database)
        try:
            with runtime.database.writing() as session:
                key = create_key(session, name, runtime.clock(), admin=admin)
        except IntegrityError as exc:
            raise click.ClickException(f"a key named {name!r} exists already") from exc
        click.echo(f"created {'admin ' if admin else ''}key {name!r}; it is shown only now:")
        click.echo(key)


@keys_group.command("list")
def list_command() -> None:
    """List keys (never the keys themselves)."""
    with open_runtime() as runtime:
        upgrade(runtime.database)
        with runtime.database.reading() as session:
            rows = list_keys(session)
        click.echo(f"{'name':<24} {'prefix':<12} {'admin':<6} {'created':<20} revoked")
        for row in rows:
            revoked = row.revoked_at.strftime("%Y-%m-%d %H:%M:%S") if row.revoked_at else "-"
            click.echo(f"{row.name:<24} {row.prefix:<12} {'yes' if row.admin else 'no':<6} "
                       f"{row.created_at:%Y-%m-%d %H:%M:%S} {revoked}")


@keys_group.command("revoke")
@click.argument("name")
def revoke(name: str) -> None:
    """Revoke the key with this name; requests with it get 401 from now on."""
    with open_runtime() as runtime:
        upgrade(runtime.database)
        with runtime.database.writing() as session:
            done = revoke_key(session, name, runtime.clock())
        if not done:
            raise click.ClickException(f"no active key named {name!r}")
        click.echo(f"revoked key {name!r}")
