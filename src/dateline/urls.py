"""Every address Dateline hands out, built in one place from the base URL.

Datasette's `Urls` is the model: templates, JSON, feeds and the page's script
all get their links from here (the script through `data-` attributes the server
filled), so a site served under a path (`https://example.org/live/`) works
everywhere by changing one setting.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit


class Urls:
    """Paths (`/live/storm/`) and absolute URLs (`https://example.org/live/storm/`)."""

    def __init__(self, base_url: str, asset_version: str = "") -> None:
        parts = urlsplit(base_url.rstrip("/"))
        self.origin = f"{parts.scheme}://{parts.netloc}"
        # The path the site lives under behind a proxy, without a trailing slash ("" at the root).
        self.root = parts.path.rstrip("/")
        self.asset_version = asset_version
        self.secure = parts.scheme == "https"

    # -- building blocks -----------------------------------------------------------

    def path(self, path: str) -> str:
        """A path on this site (`/x` → `/live/x`). `path` starts with a slash."""
        return self.root + path

    def absolute(self, path: str) -> str:
        """The absolute URL of a site path given without the root (`/x` → `https://…/live/x`)."""
        return self.origin + self.path(path)

    def route(self, request_path: str) -> str:
        """The application's own path for an incoming one, without the root.

        A proxy may pass the root on (`/live/storm/`) or strip it (`/storm/`): both work.
        """
        if not self.root:
            return request_path
        if request_path == self.root:
            return "/"
        if request_path.startswith(self.root + "/"):
            return request_path[len(self.root) :]
        return request_path

    def _at(self, path: str, absolute: bool, query: dict[str, str] | None = None) -> str:
        if query:
            path += "?" + urlencode(query)
        return self.absolute(path) if absolute else self.path(path)

    # -- reader pages --------------------------------------------------------------

    def home(self, *, absolute: bool = False) -> str:
        return self._at("/", absolute)

    def blog(
        self,
        slug: str,
        *,
        cursor: str | None = None,
        at: str | None = None,
        absolute: bool = False,
    ) -> str:
        """The blog's page; `at` (an ISO 8601 instant) shows it as it stood then."""
        query = {name: value for name, value in (("at", at), ("cursor", cursor)) if value}
        return self._at(f"/{_segment(slug)}/", absolute, query or None)

    def update(self, slug: str, post_id: int, *, absolute: bool = False) -> str:
        return self._at(f"/{_segment(slug)}/updates/{int(post_id)}", absolute)

    def update_pattern(self, slug: str) -> str:
        """The update page's path with `{id}` in place of the id, for the page's script."""
        return self.path(f"/{_segment(slug)}/updates/") + "{id}"

    def claims(self, slug: str, *, absolute: bool = False) -> str:
        """Every claim in the blog, with its history."""
        return self._at(f"/{_segment(slug)}/claims", absolute)

    def claim(self, slug: str, claim_id: int, *, absolute: bool = False) -> str:
        """One claim's entry on the claims page."""
        return self.claims(slug, absolute=absolute) + f"#claim-{int(claim_id)}"

    def corrections(self, slug: str, *, absolute: bool = False) -> str:
        return self._at(f"/{_segment(slug)}/corrections", absolute)

    def live(self, slug: str, *, absolute: bool = False) -> str:
        return self._at(f"/{_segment(slug)}/live", absolute)

    def static(self, name: str) -> str:
        """A static asset, versioned so browsers may keep it for a year."""
        suffix = f"?v={self.asset_version}" if self.asset_version else ""
        return self.path(f"/static/{name}") + suffix

    def media(self, name: str, *, absolute: bool = False) -> str:
        """A stored media file (content-addressed: cacheable for ever)."""
        return self._at(f"/media/{_segment(name)}", absolute)

    # -- the desk (signed-in pages) --------------------------------------------------

    def desk(self) -> str:
        """The desk's home: the blogs this person can work on."""
        return self.path("/desk/")

    def desk_login(self, next_path: str | None = None) -> str:
        return self._at("/desk/login", False, {"next": next_path} if next_path else None)

    def desk_logout(self) -> str:
        return self.path("/desk/logout")

    def desk_password(self) -> str:
        return self.path("/desk/password")

    def desk_people(self) -> str:
        return self.path("/desk/people")

    def desk_person(self, name: str, action: str) -> str:
        """Where a form about one person posts: `role`, `disable`, `enable`, `password`."""
        return self.path(f"/desk/people/{_segment(name)}/{_segment(action)}")

    def desk_token(self, token_id: int) -> str:
        """Where the form revoking one API token posts."""
        return self.path(f"/desk/tokens/{int(token_id)}/revoke")

    def desk_new_blog(self) -> str:
        return self.path("/desk/blogs/new")

    def desk_blog(self, slug: str) -> str:
        """A blog's desk: the composer and the stream (the working page)."""
        return self.path(f"/desk/blogs/{_segment(slug)}/")

    def desk_blog_settings(self, slug: str) -> str:
        return self.path(f"/desk/blogs/{_segment(slug)}/settings")

    def desk_blog_coverage(self, slug: str) -> str:
        """Where the form that opens, ends or reopens the coverage posts."""
        return self.path(f"/desk/blogs/{_segment(slug)}/coverage")

    def desk_blog_intro(self, slug: str) -> str:
        """Where the form writing the blog's intro entry posts."""
        return self.path(f"/desk/blogs/{_segment(slug)}/intro")

    def desk_stamp_preview(self) -> str:
        return self.path("/desk/stamp-preview")

    def desk_blog_members(self, slug: str) -> str:
        return self.path(f"/desk/blogs/{_segment(slug)}/members")

    # -- a blog's distribution on the desk: embed snippet, search engines, webhooks --------

    def desk_blog_distribution(self, slug: str) -> str:
        return self.path(f"/desk/blogs/{_segment(slug)}/distribution")

    def desk_blog_reach(self, slug: str) -> str:
        """Where the noindex and embed-origins form posts."""
        return self.path(f"/desk/blogs/{_segment(slug)}/distribution/reach")

    def desk_blog_webhooks(self, slug: str, webhook_id: int | None = None) -> str:
        """Where a new subscription is posted, or one is paused, resumed or removed."""
        tail = f"/{webhook_id}" if webhook_id is not None else ""
        return self.path(f"/desk/blogs/{_segment(slug)}/distribution/webhooks{tail}")

    # -- the desk: the site's settings and imports (admins, editors) -----------------

    def desk_site(self) -> str:
        """The site's settings (publisher, logo, home URL, language), for admins."""
        return self.path("/desk/site")

    def desk_import(self) -> str:
        """The upload form importing a live blog, for editors and admins."""
        return self.path("/desk/import")

    def api_blog_export(self, slug: str) -> str:
        """The blog's whole record as one JSON download."""
        return self.path(f"/api/v1/blogs/{_segment(slug)}/export")

    def api_blogs(self) -> str:
        return self.path("/api/v1/blogs")

    def api_posts(self, slug: str) -> str:
        return self.path(f"/api/v1/blogs/{_segment(slug)}/posts")

    # -- distribution: feeds, embeds, sitemaps ----------------------------------------

    def feed(self, slug: str | None, kind: str, *, page: int | None = None) -> str:
        """A blog's feed (`kind` atom or json), or the site's with `slug` None; absolute.

        `page` 2, 3 … are the archive documents of older entries (RFC 5005).
        """
        where = f"/{_segment(slug)}" if slug else ""
        return self._at(f"{where}/feed.{kind}", True, {"page": str(page)} if page else None)

    def embed(self, slug: str, *, absolute: bool = False) -> str:
        """The blog's page for other sites' frames."""
        return self._at(f"/{_segment(slug)}/embed", absolute)

    def oembed(self, url: str, *, format: str = "json") -> str:
        """The oEmbed answer for one of our pages, absolute (it is handed to other sites)."""
        return self._at("/oembed", True, {"url": url, "format": format})

    def sitemap(self, name: str = "sitemap.xml") -> str:
        return self._at(f"/{name}", True)

    # -- the JSON API --------------------------------------------------------------

    def api_blog(self, slug: str, *, absolute: bool = False) -> str:
        return self._at(f"/api/v1/blogs/{_segment(slug)}", absolute)

    def changes(self, slug: str, *, absolute: bool = False) -> str:
        return self._at(f"/api/v1/blogs/{_segment(slug)}/changes", absolute)

    def api_claims(self, slug: str, *, absolute: bool = False) -> str:
        return self._at(f"/api/v1/blogs/{_segment(slug)}/claims", absolute)

    def api_claim(self, slug: str, claim_id: int, *, absolute: bool = False) -> str:
        return self._at(f"/api/v1/blogs/{_segment(slug)}/claims/{int(claim_id)}", absolute)

    def api_source(self, source_id: int, *, absolute: bool = False) -> str:
        return self._at(f"/api/v1/sources/{int(source_id)}", absolute)

    def api_media(self, media_id: str | None = None, *, absolute: bool = False) -> str:
        """Uploads go to /api/v1/media; one item is /api/v1/media/{id}."""
        return self._at("/api/v1/media" + (f"/{_segment(media_id)}" if media_id else ""), absolute)

    def embeds(self, slug: str, post_id: int, *, absolute: bool = False) -> str:
        """An update's embeds, for editors to see and correct their snapshots."""
        return self._at(f"/api/v1/blogs/{_segment(slug)}/posts/{int(post_id)}/embeds", absolute)

    def api_site(self) -> str:
        return self.path("/api/v1/site")

    def api_webhooks(self, slug: str, webhook_id: int | None = None) -> str:
        tail = f"/{int(webhook_id)}" if webhook_id is not None else ""
        return self.path(f"/api/v1/blogs/{_segment(slug)}/webhooks{tail}")

    def api_docs(self) -> str:
        return self.path("/api/docs")

    def openapi(self) -> str:
        return self.path("/api/v1/openapi.json")

    # -- a blog's desk: the composer and the stream (their script's addresses) ---------

    def desk_update_card(self, slug: str) -> str:
        """One update's card on the blog's desk, `{id}` in place of the id."""
        return self.path(f"/desk/blogs/{_segment(slug)}/updates/") + "{id}"

    def api_post_pattern(self, slug: str) -> str:
        """An update in the JSON API, `{id}` in place of the id (the desk's script fills it)."""
        return self.path(f"/api/v1/blogs/{_segment(slug)}/posts/") + "{id}"

    def api_preview(self, slug: str) -> str:
        return self.path(f"/api/v1/blogs/{_segment(slug)}/preview")

    def api_locks(self, slug: str) -> str:
        return self.path(f"/api/v1/blogs/{_segment(slug)}/locks")

    def api_queue(self, slug: str) -> str:
        return self.path(f"/api/v1/blogs/{_segment(slug)}/queue")


def _segment(value: str) -> str:
    """One path segment, escaped (slugs are already safe; this keeps it so)."""
    return quote(value, safe="")
