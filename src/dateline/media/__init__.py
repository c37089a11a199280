"""Media: pictures uploaded and captured, the store that keeps them, and the capture
of embedded posts from the web (fetched safely, in the background)."""
