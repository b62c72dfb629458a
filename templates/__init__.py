"""styrdok's built-in templates, shipped as package data (``styrdok.templates``).

A governance repository's own ``templates/`` folder overrides them file by file.
"""
