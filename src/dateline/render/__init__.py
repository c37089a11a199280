"""HTML for blogs, updates and blocks: one renderer for the page, the live stream,
the single-update page and (later) feeds, embeds and archives."""
