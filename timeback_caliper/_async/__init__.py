"""One flavour of the client and the sender: `_async` is written by hand, `_sync` is
generated from it by scripts/unasync.py."""
