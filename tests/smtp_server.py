"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest


@dataclass
class Received:
    """One message as the server got it."""

    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class _Handler:
    inbox: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # addresses answered with 550
    drop_after: int | None = None  # close the connection instead of taking message N+1

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 Mottagaren finns inte"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.drop_after is not None and len(self.inbox) >= self.drop_after:
            server.transport.close()
            return "421 4.3.0 Förbindelsen bryts"
        message = message_from_bytes(envelope.original_content, policy=default)
        self.inbox.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: list[Received]
    handler: _Handler

    def refuse(self, address: str) -> None:
        """Answer RCPT TO for ``address`` with 550 from now on."""
        self.handler.refuse.add(address)

    def drop_after(self, count: int) -> None:
        """Close the connection when a message arrives after ``count`` were taken."""
        self.handler.drop_after = count


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """Start an SMTP server on 127.0.0.1 for one test; yield its address and inbox."""
    from aiosmtpd.controller import Controller

    handler = _Handler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, handler.inbox, handler)
    finally:
        controller.stop()
