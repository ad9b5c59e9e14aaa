"""The human helpdesk: cases, opening hours, presence, notifications, retention."""
