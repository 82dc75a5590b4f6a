"""The one dependency analytics' routes take: the container its composition root built."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from services.analytics.application.container import Container
from shared.web.state import container_of

Wired = Annotated[Container, Depends(container_of(Container))]
