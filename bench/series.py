"""The publish series every target receives, and the record of one publish.

Every target must be sent byte-identical updates, otherwise a ratio between two
servers would partly measure payload size. An update is ~1.5 KB of JSON holding
HTML-like text, the size of a typical live-blog entry, padded so that every
index yields exactly the same number of bytes.
"""

import json
from dataclasses import dataclass

UPDATE_BYTES = 1500

_PARAGRAPHS = (
    "Officials confirmed the figures at a briefing moments ago, adding that"
    " further detail would follow once the count in the outer districts is done.",
    "Our correspondent at the scene says crowds have thinned since the"
    " announcement, though a steady stream of people is still arriving.",
    "A spokesperson declined to comment on the timing, saying only that the"
    " review had been <em>thorough and independent</em>.",
)


@dataclass(frozen=True, slots=True)
class PublishResult:
    """When one publish was sent and answered, and the event id readers will see.

    Latency is measured from ``t_done`` (the moment an editor's client learns the
    update is accepted); ``t_sent`` is kept to show how long the server took to
    answer. Both are ``time.monotonic()`` values, comparable with the receipt
    times recorded by the load generator's worker processes.
    """

    event_id: str
    t_sent: float
    t_done: float


def update(index: int) -> dict[str, object]:
    """Return update ``index`` as a JSON-ready dict of exactly UPDATE_BYTES when encoded."""
    minute = index % 60
    head = (
        f"<p><strong>14:{minute:02d}</strong> Update {index}: "
        f'<a href="/live/election/#u{index}">latest from the count</a></p>'
        + "".join(f"<p>{text}</p>" for text in _PARAGRAPHS)
    )
    doc: dict[str, object] = {"seq": index, "kind": "post", "body": head}
    missing = UPDATE_BYTES - len(_encode(doc)) - len("<p></p>")
    if missing < 0:
        raise ValueError(f"update {index} exceeds {UPDATE_BYTES} bytes")
    doc["body"] = head + "<p>" + ("Reporting continues. " * 80)[:missing] + "</p>"
    return doc


def update_bytes(index: int) -> bytes:
    """Return update ``index`` encoded as compact, newline-free JSON (safe as one SSE data line)."""
    return _encode(update(index))


def _encode(doc: dict[str, object]) -> bytes:
    return json.dumps(doc, separators=(",", ":")).encode()
