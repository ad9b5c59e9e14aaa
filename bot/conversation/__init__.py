"""A resident's conversation through the gateway: its states (states.py), one module
per state or concern, the SQL (store.py), and the `Gateway` that dispatches each
message on the conversation's state (gateway.py). Kept import-free here so that
bot/models.py can read the states without importing the gateway."""
