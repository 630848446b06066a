"""The staff web console: server-rendered pages beside the chat (see web/app.py)."""
