"""Which post, video or page a pasted URL points at, whatever form it was pasted in.

`recognise(url)` names the provider, the kind of embed (a social post, a video
player, or a page shown as a link card) and one canonical URL: `x.com` and
`twitter.com`, mobile hosts, share-sheet tracking (`s=`, `t=`, `si=`, `igsh=`,
`utm_*`, `fbclid` …) and fragments all come out the same, so the same post is
recognised however it was pasted. Pure: no network, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import Invalid

EmbedKind = Literal["post", "video", "page"]

MAX_URL = 2000
# Query parameters that only say who shared a link and how; never part of what it points at.
_TRACKING = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|igsh|"
    r"ref_src|ref_url|_ga|_gl|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wt_mc|cmpid|__cft__.*|"
    r"__tn__|mibextid|rdid|share_url|sharer_id|from|feature|si)$",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?'\""


@dataclass(frozen=True)
class Provider:
    """A service whose posts or videos Dateline recognises."""

    key: str  # stable, stored in blocks: "x", "youtube", "mastodon" …
    name: str  # what readers are told: "X", "YouTube"
    domain: str  # what a player would connect to, in words: "youtube.com"


@dataclass(frozen=True)
class EmbedTarget:
    """What a URL points at, in its one canonical form."""

    provider: Provider
    kind: EmbedKind
    url: str  # canonical: compare these to know two pastes are the same post
    id: str = ""  # the post or video id on the provider, when the URL carries it
    handle: str = ""  # the author's handle, when the URL carries it (`@name`)
    player_url: str = ""  # for videos: the provider's player, loaded only on a click
    # (without autoplay: the page adds it when the reader's click asked for the video)

    @property
    def is_link(self) -> bool:
        return self.provider.key == "link"


X = Provider("x", "X", "x.com")
BLUESKY = Provider("bluesky", "Bluesky", "bsky.app")
MASTODON = Provider("mastodon", "Mastodon", "")  # the domain is the instance's
THREADS = Provider("threads", "Threads", "threads.com")
TELEGRAM = Provider("telegram", "Telegram", "t.me")
YOUTUBE = Provider("youtube", "YouTube", "youtube.com")
VIMEO = Provider("vimeo", "Vimeo", "vimeo.com")
TIKTOK = Provider("tiktok", "TikTok", "tiktok.com")
INSTAGRAM = Provider("instagram", "Instagram", "instagram.com")
FACEBOOK = Provider("facebook", "Facebook", "facebook.com")
LINK = Provider("link", "Link", "")

PROVIDERS: dict[str, Provider] = {
    p.key: p
    for p in (X, BLUESKY, MASTODON, THREADS, TELEGRAM, YOUTUBE, VIMEO, TIKTOK, INSTAGRAM, FACEBOOK)
}
PROVIDERS[LINK.key] = LINK


@dataclass(frozen=True)
class _Parts:
    scheme: str  # http or https
    host: str  # lowercase, without www./m./mobile. and without a port
    full_host: str  # lowercase, as given (port included when not the default)
    path: str
    query: list[tuple[str, str]]
    fragment: str

    def param(self, name: str) -> str:
        for key, value in self.query:
            if key == name:
                return value
        return ""


def clean_pasted_url(raw: str) -> str:
    """Trim what surrounds a URL when pasted from prose: spaces, <…>, a closing full stop."""
    url = raw.strip()
    while url and url[-1] in _TRAILING_PUNCTUATION:
        url = url[:-1]
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1].strip()
    # A closing parenthesis belongs to the URL only if it opened one (Wikipedia's do).
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def recognise(raw: str, field: str = "url") -> EmbedTarget:
    """Recognise the post, video or page `raw` points at. Raises Invalid if it is no web URL."""
    url = clean_pasted_url(raw)
    parts = _split(url, field)
    for recogniser in _RECOGNISERS:
        target = recogniser(parts)
        if target is not None:
            return target
    return EmbedTarget(LINK, "page", _canonical_link(parts))


def _split(url: str, field: str) -> _Parts:
    if len(url) > MAX_URL:
        raise Invalid.one(field, f"is {len(url):,} characters; the limit is {MAX_URL:,}")
    if url.startswith("at://"):  # Bluesky's own addresses: at://did/app.bsky.feed.post/rkey
        url = "https://bsky.app/profile/" + url[len("at://") :]
    if "://" not in url and re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", url, re.IGNORECASE):
        url = "https://" + url  # "x.com/a/status/1" pasted without its scheme
    try:
        split = urlsplit(url)
        port = split.port
    except ValueError:
        raise Invalid.one(field, f"{url!r} is not a web address") from None
    if split.scheme.lower() not in ("http", "https") or not split.hostname:
        raise Invalid.one(field, f"{url!r} is not an http(s) address")
    if split.username or split.password:
        raise Invalid.one(field, "a web address with a user name or password cannot be embedded")
    host = split.hostname.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise Invalid.one(field, f"{split.hostname!r} is not a valid host name") from None
    default = {"http": 80, "https": 443}[split.scheme.lower()]
    full_host = host if port in (None, default) else f"{host}:{port}"
    short = re.sub(r"^(www|m|mobile|mbasic|web|touch)\.", "", host)
    query = parse_qsl(split.query, keep_blank_values=True)
    return _Parts(split.scheme.lower(), short, full_host, split.path or "/", query, split.fragment)


# -- one recogniser per provider ----------------------------------------------------

_X_HOSTS = {"x.com", "twitter.com", "fxtwitter.com", "vxtwitter.com", "fixupx.com", "fixvx.com"}
_X_STATUS = re.compile(r"^/(?:#!/)?(\w{1,15}|i(?:/web)?)/status(?:es)?/(\d{1,25})(?:/.*)?$")


def _x(p: _Parts) -> EmbedTarget | None:
    if p.host not in _X_HOSTS:
        return None
    path = p.path
    if p.fragment.startswith("!/"):  # twitter.com/#!/user/status/1 (2010-2012)
        path = "/" + p.fragment[2:]
    match = _X_STATUS.match(path)
    if not match:
        return EmbedTarget(X, "page", _rebuild("https", "x.com", path.rstrip("/") or "/"))
    user, status = match.groups()
    user = "i" if user.startswith("i/") else user
    handle = "" if user == "i" else "@" + user
    return EmbedTarget(X, "post", f"https://x.com/{user}/status/{status}", status, handle)


_BSKY_POST = re.compile(r"^/profile/([^/]+)/(?:post|app\.bsky\.feed\.post)/([a-z2-7]{5,20})/?$")


def _bluesky(p: _Parts) -> EmbedTarget | None:
    if p.host not in ("bsky.app", "staging.bsky.app", "main.bsky.dev"):
        return None
    match = _BSKY_POST.match(p.path)
    if not match:
        return None
    actor, rkey = match.groups()
    actor = actor.lower() if not actor.startswith("did:") else actor
    handle = "" if actor.startswith("did:") else "@" + actor
    return EmbedTarget(
        BLUESKY, "post", f"https://bsky.app/profile/{actor}/post/{rkey}", rkey, handle
    )


_THREADS_HOSTS = {"threads.net", "threads.com"}
_THREADS_POST = re.compile(r"^/(?:@([\w.]{1,30})/post|t)/([\w-]{6,40})/?(?:media/?)?$")


def _threads(p: _Parts) -> EmbedTarget | None:
    if p.host not in _THREADS_HOSTS:
        return None
    match = _THREADS_POST.match(p.path)
    if not match:
        return None
    user, code = match.groups()
    if user:
        url = f"https://www.threads.com/@{user.lower()}/post/{code}"
        return EmbedTarget(THREADS, "post", url, code, "@" + user.lower())
    return EmbedTarget(THREADS, "post", f"https://www.threads.com/t/{code}", code)


_TELEGRAM_POST = re.compile(r"^/(?:s/)?([A-Za-z][\w]{3,31})/(\d{1,12})/?$")


def _telegram(p: _Parts) -> EmbedTarget | None:
    if p.host not in ("t.me", "telegram.me", "telegram.dog"):
        return None
    match = _TELEGRAM_POST.match(p.path)
    if not match or match.group(1).lower() in ("c", "s", "joinchat", "addstickers", "share"):
        return None  # private channels (t.me/c/…) and invitations are not public posts
    channel, post = match.groups()
    return EmbedTarget(TELEGRAM, "post", f"https://t.me/{channel}/{post}", post, "@" + channel)


_YT_ID = r"([A-Za-z0-9_-]{11})"
_YT_PATH = re.compile(r"^/(?:shorts|embed|v|live|e)/" + _YT_ID + r"(?:[/?].*)?$")
_YT_HOSTS = {"youtube.com", "music.youtube.com", "youtube-nocookie.com", "youtu.be"}


def _youtube(p: _Parts) -> EmbedTarget | None:
    if p.host not in _YT_HOSTS:
        return None
    video = ""
    if p.host == "youtu.be":
        match = re.match("^/" + _YT_ID + "/?$", p.path)
        video = match.group(1) if match else ""
    elif p.path.rstrip("/") == "/watch":
        video = p.param("v") if re.fullmatch(_YT_ID, p.param("v")) else ""
    else:
        match = _YT_PATH.match(p.path)
        video = match.group(1) if match else ""
    if not video:
        return None
    start = _seconds(p.param("t") or p.param("start"))
    url = f"https://www.youtube.com/watch?v={video}" + (f"&t={start}" if start else "")
    player = f"https://www.youtube-nocookie.com/embed/{video}" + (
        f"?start={start}" if start else ""
    )
    return EmbedTarget(YOUTUBE, "video", url, video, player_url=player)


def _seconds(value: str) -> int:
    """`90`, `90s`, `1m30s`, `1h2m3s` → seconds; anything else → 0."""
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", value)
    if not value or not match:
        return 0
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


_VIMEO_PATH = re.compile(
    r"^/(?:video/|channels/[\w-]+/|groups/[\w-]+/videos/|album/\d+/video/|showcase/\d+/video/)?"
    r"(\d{5,12})(?:/([0-9a-f]{6,20}))?/?$"
)


def _vimeo(p: _Parts) -> EmbedTarget | None:
    if p.host not in ("vimeo.com", "player.vimeo.com"):
        return None
    match = _VIMEO_PATH.match(p.path)
    if not match:
        return None
    video, secret = match.group(1), match.group(2) or p.param("h")
    url = f"https://vimeo.com/{video}" + (f"/{secret}" if secret else "")
    player = f"https://player.vimeo.com/video/{video}?dnt=1" + (f"&h={secret}" if secret else "")
    return EmbedTarget(VIMEO, "video", url, video, player_url=player)


_TIKTOK_VIDEO = re.compile(r"^/@([\w.]{1,24})/(?:video|photo)/(\d{8,25})/?$")
_TIKTOK_MOBILE = re.compile(r"^/v/(\d{8,25})(?:\.html)?/?$")


def _tiktok(p: _Parts) -> EmbedTarget | None:
    if p.host not in ("tiktok.com", "vm.tiktok.com", "vt.tiktok.com"):
        return None
    if p.host in ("vm.tiktok.com", "vt.tiktok.com") or p.path.startswith("/t/"):
        # A share link: only the provider can say which video it leads to.
        code = p.path.strip("/").split("/")[-1]
        return EmbedTarget(TIKTOK, "video", _rebuild("https", p.full_host, p.path), code)
    match = _TIKTOK_VIDEO.match(p.path)
    if match:
        user, video = match.groups()
        url = f"https://www.tiktok.com/@{user.lower()}/video/{video}"
        player = f"https://www.tiktok.com/embed/v2/{video}"
        return EmbedTarget(TIKTOK, "video", url, video, "@" + user.lower(), player)
    match = _TIKTOK_MOBILE.match(p.path) or re.match(r"^/embed/(?:v2/)?(\d{8,25})/?$", p.path)
    if match:
        video = match.group(1)
        player = f"https://www.tiktok.com/embed/v2/{video}"
        return EmbedTarget(
            TIKTOK, "video", f"https://www.tiktok.com/embed/v2/{video}", video, player_url=player
        )
    return None


_INSTAGRAM_POST = re.compile(r"^/(?:[\w.]{1,30}/)?(p|reels?|tv)/([\w-]{5,40})/?$")


def _instagram(p: _Parts) -> EmbedTarget | None:
    if p.host not in ("instagram.com", "instagr.am"):
        return None
    match = _INSTAGRAM_POST.match(p.path)
    if not match:
        return None
    kind, code = match.groups()
    kind = "reel" if kind.startswith("reel") else kind
    return EmbedTarget(INSTAGRAM, "post", f"https://www.instagram.com/{kind}/{code}/", code)


_FB_HOSTS = {"facebook.com", "fb.com", "fb.watch", "business.facebook.com"}
# Parameters that say which post a Facebook URL shows; every other one is tracking.
_FB_KEEP = ("story_fbid", "fbid", "id", "v", "set")
_FB_VIDEO = re.compile(r"^/(?:[\w.-]+/videos/(?:[\w.-]+/)?|reel/)(\d{6,25})/?$")


def _facebook(p: _Parts) -> EmbedTarget | None:
    if p.host not in _FB_HOSTS:
        return None
    if p.host == "fb.watch":
        code = p.path.strip("/")
        url = f"https://fb.watch/{code}/"
        return EmbedTarget(FACEBOOK, "video", url, code, player_url=_facebook_player(url))
    path = p.path if p.path == "/" else p.path.rstrip("/")
    kept = [(k, v) for k, v in p.query if k in _FB_KEEP]
    if path in ("/watch", "/watch/live") and p.param("v"):
        video = p.param("v")
        return EmbedTarget(
            FACEBOOK, "video", f"https://www.facebook.com/watch/?v={video}", video,
            player_url=_facebook_player(f"https://www.facebook.com/watch/?v={video}"),
        )  # fmt: skip
    match = _FB_VIDEO.match(path)
    if match:
        url = _rebuild("https", "www.facebook.com", path + "/")
        return EmbedTarget(FACEBOOK, "video", url, match.group(1), player_url=_facebook_player(url))
    if re.match(r"^/(?:permalink|story|photo)(?:\.php)?$", path) and kept:
        url = _rebuild("https", "www.facebook.com", path, kept)
        return EmbedTarget(FACEBOOK, "post", url, p.param("story_fbid") or p.param("fbid"))
    match = re.match(r"^/([\w.-]+)/(?:posts|photos/[\w.-]+)/([\w.-]+)$", path)
    if match or re.match(r"^/share/[pvr]/[\w-]+$", path) or re.match(r"^/groups/.+", path):
        url = _rebuild("https", "www.facebook.com", path + "/")
        return EmbedTarget(FACEBOOK, "post", url, match.group(2) if match else "")
    return None


# Every host a player may be loaded from (after the reader's click): the page's
# Content-Security-Policy allows frames from these and nowhere else.
PLAYER_ORIGINS = (
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.tiktok.com",
    "https://www.facebook.com",
)


def _facebook_player(url: str) -> str:
    return "https://www.facebook.com/plugins/video.php?" + urlencode({"href": url})


_MASTODON_PATHS = (
    re.compile(r"^/@([\w.]{1,30}(?:@[\w.-]+\.[a-z]{2,})?)/(\d{6,25})/?$"),
    re.compile(r"^/users/([\w.]{1,30})/statuses/(\d{6,25})/?$"),
    re.compile(r"^/web/@([\w.]{1,30}(?:@[\w.-]+\.[a-z]{2,})?)/(\d{6,25})/?$"),
)


def _mastodon(p: _Parts) -> EmbedTarget | None:
    """Any instance: recognised by the shape of its status URLs, not by its host."""
    for pattern in _MASTODON_PATHS:
        match = pattern.match(p.path)
        if match:
            user, status = match.groups()
            url = f"{p.scheme}://{p.full_host}/@{user}/{status}"
            handle = "@" + (user if "@" in user else f"{user}@{p.full_host}")
            provider = Provider("mastodon", "Mastodon", p.full_host)
            return EmbedTarget(provider, "post", url, status, handle)
    return None


def _canonical_link(p: _Parts) -> str:
    """Any other page: the host as given (lowercased), minus tracking parameters."""
    query = [(k, v) for k, v in p.query if not _TRACKING.match(k)]
    # A text fragment (#:~:text=…) or tracking after # is the sharer's, not the page's.
    fragment = "" if p.fragment.startswith((":~:", "utm_")) else p.fragment
    return urlunsplit((p.scheme, p.full_host, p.path, urlencode(query), fragment))


def _rebuild(scheme: str, host: str, path: str, query: list[tuple[str, str]] | None = None) -> str:
    return urlunsplit((scheme, host, path, urlencode(query or []), ""))


_RECOGNISERS: tuple[Callable[[_Parts], EmbedTarget | None], ...] = (
    _x, _bluesky, _threads, _telegram, _youtube, _vimeo, _tiktok, _instagram, _facebook,
    _mastodon,
)  # fmt: skip
