"""The volunteer console: log-in, queue, cases, coordinator pages (Dutch, server-rendered)."""
