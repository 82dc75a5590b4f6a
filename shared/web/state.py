"""The one place a running service app keeps what its routes use, and typed ways to reach it.

The lifespan (``shared.web.service``) attaches the process's runtime, its Redis client,
its API-key book, whether it is ready, and the container its composition root built;
routes ask for them through typed FastAPI dependencies, never by attribute names of
``app.state``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import redis.asyncio as aioredis
from fastapi import FastAPI, Request

from shared.infra.api_keys import KeyBook, key_book
from shared.infra.runtime import Runtime

C = TypeVar("C")


class NotWired(RuntimeError):
    """A route ran before the app's lifespan built what it needs."""


def attach(app: FastAPI, rt: Runtime) -> None:
    """The service's runtime, and its key book (refused without the API-key secret)."""
    book = key_book(rt.redis, rt.settings)
    app.state.rt, app.state.redis, app.state.ready = rt, rt.redis, False
    app.state.key_book = book


def attach_redis(app: FastAPI, redis: aioredis.Redis) -> None:
    """For an app without a service runtime (the console): its Redis client alone."""
    app.state.redis = redis


def attach_key_book(app: FastAPI, book: KeyBook) -> None:
    """The key book that authenticates this app's callers (``shared.web.auth``)."""
    app.state.key_book = book


def attach_container(app: FastAPI, container: object) -> None:
    app.state.container = container


def set_ready(app: FastAPI, ready: bool) -> None:
    app.state.ready = ready


def is_ready(request: Request) -> bool:
    return bool(getattr(request.app.state, "ready", False))


def redis_of(request: Request) -> aioredis.Redis | None:
    """The app's Redis client (None before the lifespan connected one)."""
    redis: aioredis.Redis | None = getattr(request.app.state, "redis", None)
    return redis


def key_book_of(request: Request) -> KeyBook:
    book = getattr(request.app.state, "key_book", None)
    if not isinstance(book, KeyBook):
        raise NotWired("no API-key book is attached to this app")
    return book


def runtime_of(request: Request) -> Runtime:
    rt = getattr(request.app.state, "rt", None)
    if not isinstance(rt, Runtime):
        raise NotWired("the service's runtime is not running")
    return rt


def container(app: FastAPI, kind: type[C]) -> C:
    """The container of type ``kind`` the app's lifespan built."""
    found = getattr(app.state, "container", None)
    if not isinstance(found, kind):
        raise NotWired(f"no {kind.__name__} is wired into this app")
    return found


def container_of(kind: type[C]) -> Callable[[Request], C]:
    """A FastAPI dependency answering the service's container of type ``kind``."""

    def dependency(request: Request) -> C:
        return container(request.app, kind)

    dependency.__name__ = f"{kind.__name__.lower()}_of"
    return dependency
