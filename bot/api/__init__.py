"""The gateway's HTTP surface: dependencies (deps.py), the Dutch error envelope and
middleware, and one routes module per resource (routes/)."""
