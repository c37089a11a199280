"""The model and its rules: blogs, updates, blocks, stamps, changes.

Pure Python: nothing here touches the network, the database or the clock
(callers pass `now` in), so every rule can be tested on its own.
"""
