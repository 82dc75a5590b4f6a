"""``python -m services.console``: run the collectors' console (port 8100)."""

import uvicorn

from services.console.app import build
from services.console.settings import CONSOLE_PORT, ConsoleSettings

settings = ConsoleSettings()
uvicorn.run(build(settings), host=settings.host, port=settings.port or CONSOLE_PORT,
            log_config=None, access_log=False)  # fmt: skip
