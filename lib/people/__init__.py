"""Residents and visitors: identity (names, CCCD, BHYT), health declarations, households and their codes,
and audited look-ups."""
