"""Consumer handlers of the witness: `log.appended` and `log.checkpointed` from enforcement.

A checkpoint that fails verification is a finding, not an error: the handler stores it flagged
and returns normally, so the consumer never retries or dead-letters it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from grassroots.common.events.base import EventPayload
from grassroots.common.events.enforcement import LogAppended, LogCheckpointed
from grassroots.common.events.envelope import Envelope
from grassroots.common.messaging.consumer import Handler
from grassroots.common.transparency.checkpoints import keyring
from grassroots.evaluation.witness import service


def handlers(public_keys: Sequence[str]) -> dict[type[EventPayload], Handler]:
    """The witness's handlers, trusting `public_keys` (base64 raw Ed25519)."""
    keys = keyring(list(public_keys))

    async def on_appended(session: AsyncSession, event: LogAppended, envelope: Envelope) -> None:
        await service.keep_appended(session, event, envelope)

    async def on_checkpointed(
        session: AsyncSession, event: LogCheckpointed, envelope: Envelope
    ) -> None:
        await service.keep_checkpoint(session, event, envelope, keys)

    return {LogAppended: on_appended, LogCheckpointed: on_checkpointed}
