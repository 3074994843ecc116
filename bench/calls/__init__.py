"""Support calls written from the guides' stories, as truths, and an oracle that answers from them.

``truth`` holds the caller's real situation and a small model of what any
attempt to log in would run into; ``oracle`` answers the knowledge base's
questions (and gives the desk's lint and probe facts) from a truth; ``run``
drives the engine's session through each call.  See README.md here.
"""
