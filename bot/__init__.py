"""The gateway: widget API, Telegram, conversation store, hand-off to volunteers."""
