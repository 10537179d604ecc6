"""Who is asking: the client's address as the rate limits count it (a keyed hash, never stored as is)."""

from __future__ import annotations

import streamlit as st

from lib.access import rate_limits
from lib.ui import resources


def client() -> rate_limits.Client:
    """This connection's client: the websocket peer, or behind a trusted proxy (TRUSTED_PROXIES) the address it
    forwarded; Streamlit reports a loopback peer as None."""
    settings = resources.settings()
    peer, forwarded = st.context.ip_address, st.context.headers.get("X-Forwarded-For")
    # only text is an address (a test harness without a real connection reports placeholders)
    peer = peer if isinstance(peer, str) else None
    forwarded = forwarded if isinstance(forwarded, str) else None
    address = rate_limits.client_address(peer, forwarded, settings.trusted_proxy_list())
    return rate_limits.client(settings.resolved_secret(), address)
