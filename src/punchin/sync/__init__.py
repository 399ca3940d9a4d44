"""Sync through a folder another tool copies between machines (Syncthing, Dropbox, a git
repository): the folder's files and their sealing (`folder`, `sealing`), and the run that
sends and receives changes (`engine`). Nothing here talks to a network.

Importing this package imports nothing heavy: `cryptography` is imported only inside the
functions that derive a key or seal and open a file.
"""
