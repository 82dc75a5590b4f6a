"""The development channel: one structured log line per message, no personal data."""

from __future__ import annotations

import structlog

from services.notifications.application.outgoing import Outgoing
from shared.contracts.notifications import Channel as ChannelName

log = structlog.get_logger("notifications.channel.log")


class LogChannel:
    """Writes request id, template, content hash and the masked address; nothing else."""

    name: ChannelName = "log"
    dedupes = False

    async def send(self, outgoing: Outgoing) -> str:
        message = outgoing.message
        log.info(
            "notification_logged",
            request_id=outgoing.request_id,
            template=message.template,
            template_version=message.template_version,
            language=message.language,
            sha256=message.content_sha256,
            masked=outgoing.masked_address,
        )
        return "logged"
