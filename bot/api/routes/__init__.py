"""One module per resource: widget, telegram, console (case work), team, campaigns."""
