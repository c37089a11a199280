"""Live delivery: the hub that fans each change out to every reader, SSE framing,
and the broadcast that tells each node about changes."""
