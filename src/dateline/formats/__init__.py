"""Formats other programs read and write: JSON-LD, Atom/RSS/JSON Feed, import and
export. They read the same store and render through the same renderer."""
