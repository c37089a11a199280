// Dateline reader page: live updates without reloading.
//
// Progressive: the page is complete without this script. With it, the page
// listens to the blog's Server-Sent Events stream (falling back to polling),
// applies every change in place, and never moves what the reader is reading:
// new updates above the reader wait behind an "N new updates" button.

const main = document.querySelector("main.blog");
if (main) start(main);
relativeTimes(document);
setInterval(() => relativeTimes(document), 30_000);
copyButtons(document);

// Every address comes from the page (the server's one URL builder), never spelled here.
function updateUrl(main, id) {
  return main.dataset.updateUrl.replace("{id}", String(id));
}

function start(main) {
  // A link to an update further down than this page reaches: go to its own page.
  const wanted = location.hash.match(/^#update-(\d+)$/);
  if (wanted && !document.getElementById(`update-${wanted[1]}`)) {
    location.replace(updateUrl(main, wanted[1]));
    return;
  }
  const page = {
    main,
    slug: main.dataset.blog,
    newestFirst: main.dataset.order !== "oldest",
    lastSeq: Number(main.dataset.seq),
    stream: document.getElementById("stream"),
    waiting: new Map(), // post id -> article not yet shown (reader was scrolled down)
    unseen: 0, // arrived while the tab was hidden
    title: document.title,
    ended: main.dataset.live !== "true",
  };
  olderInPlace(page);
  keyEventJumps(page);
  if (!page.ended) listen(page);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) {
      page.unseen = 0;
      showCount(page);
    }
  });
  const button = document.getElementById("new-updates");
  if (button) button.addEventListener("click", () => showWaiting(page));
}

// -- the connection -------------------------------------------------------------

// After a refused stream, how long the page polls before it asks for one again.
const STREAM_RETRY_MS = 60_000;

function listen(page) {
  if (!("EventSource" in window)) return poll(page);
  const source = new EventSource(`${page.main.dataset.liveUrl}?after=${page.lastSeq}`);
  page.source = source;
  source.onopen = () => state(page, "");
  source.onmessage = (event) => apply(page, JSON.parse(event.data));
  source.addEventListener("reload", () => location.reload());
  source.onerror = () => {
    if (page.ended) return source.close();
    state(page, "Reconnecting…", "is-offline");
    // The browser retries by itself while the stream is CONNECTING (a dropped
    // connection). A CLOSED one was refused with an error status: a 503 when the
    // server holds all the streams it can, or a proxy's error. Poll the cacheable
    // change feed instead, and ask for a stream again later.
    if (source.readyState === EventSource.CLOSED) poll(page, Date.now() + STREAM_RETRY_MS);
  };
}

async function poll(page, streamAgainAt = Infinity) {
  // For clients without a stream. Rounding `after` lets many readers share one
  // cached response; changes already applied are skipped by sequence number.
  while (!page.ended) {
    if (Date.now() >= streamAgainAt) return listen(page);
    let wait = 10;
    try {
      const after = Math.floor(page.lastSeq / 10) * 10;
      const response = await fetch(`${page.main.dataset.changesUrl}?after=${after}`);
      if (response.ok) {
        const body = await response.json();
        if (body.reload) return location.reload();
        body.changes.forEach((change) => apply(page, change));
        wait = body.poll_after_s;
        state(page, "");
      }
    } catch {
      state(page, "Reconnecting…", "is-offline");
    }
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}

function state(page, text, kind) {
  const line = document.getElementById("live-state");
  if (!line) return;
  line.textContent = text;
  line.className = `live-state ${kind || ""}`;
  line.hidden = !text;
}

// -- applying changes -------------------------------------------------------------

function apply(page, change) {
  if (change.seq <= page.lastSeq) return; // already applied (resume overlap, polling)
  page.lastSeq = change.seq;
  page.main.dataset.seq = String(change.seq);
  if (change.header_html) replaceHeader(change.header_html);
  if (change.claim_html) applyClaim(page, change);
  if (change.action === "end") return end(page);
  if (change.post_id === undefined) return;
  if (change.kind === "intro") return applyIntro(change);
  applyUpdate(page, change);
  syncPinned(change);
  syncKeyEvent(page, change);
}

function applyUpdate(page, change) {
  const id = `update-${change.post_id}`;
  const shown = document.getElementById(id);
  if (!change.html) {
    // Deleted (or no longer public): it leaves the page, wherever it is.
    if (shown) shown.remove();
    if (page.waiting.delete(change.post_id)) showCount(page);
    return;
  }
  const article = fragment(change.html);
  shareLinks(article);
  if (shown && movedInTime(shown, change)) {
    // An editor corrected the update's time: it moves to its place in the stream.
    shown.remove();
    insert(page, article, change.published_at);
    return;
  }
  if (shown) {
    shown.replaceWith(article);
    relativeTimes(article);
    copyButtons(article);
    return;
  }
  if (page.waiting.has(change.post_id)) {
    page.waiting.set(change.post_id, article);
    return;
  }
  if (!belongsOnThisPage(page, change)) return;
  if (document.hidden) page.unseen += 1;
  if (readerIsAboveStream(page)) {
    insert(page, article, change.published_at);
    announce(`New update: ${article.querySelector("[data-stamp]")?.textContent || ""}`);
  } else {
    page.waiting.set(change.post_id, article);
  }
  showCount(page);
}

function movedInTime(shown, change) {
  const before = shown.querySelector("time[data-stamp]")?.getAttribute("datetime");
  return Boolean(before && change.published_at) &&
    Date.parse(before) !== Date.parse(change.published_at) &&
    shown.parentElement?.id === "stream";
}

function belongsOnThisPage(page, change) {
  // Oldest first: a new update goes at the very end, which is only on this page
  // if there is no "later updates" link.
  if (page.newestFirst) return true;
  return !document.querySelector(".pager .older");
}

function readerIsAboveStream(page) {
  // Inserting at the top of the stream moves nothing the reader is looking at
  // when the top of the stream is on screen or below it.
  if (!page.newestFirst) return true;
  return page.stream.getBoundingClientRect().top >= 0;
}

function insert(page, article, publishedAt) {
  const when = Date.parse(publishedAt);
  const articles = [...page.stream.querySelectorAll(":scope > article")];
  const later = articles.find((a) => {
    const t = Date.parse(a.querySelector("time[data-stamp]")?.getAttribute("datetime"));
    return page.newestFirst ? t < when : t > when;
  });
  page.stream.insertBefore(article, later || null);
  page.stream.parentElement.querySelector(".empty")?.remove();
  article.classList.add("is-new");
  setTimeout(() => article.classList.remove("is-new"), 2000);
  relativeTimes(article);
  copyButtons(article);
}

function showWaiting(page) {
  const articles = [...page.waiting.entries()];
  page.waiting.clear();
  for (const [, article] of articles.reverse()) {
    const time = article.querySelector("time[data-stamp]")?.getAttribute("datetime");
    insert(page, article, time);
  }
  showCount(page);
  announce(`${articles.length} new ${articles.length === 1 ? "update" : "updates"} shown`);
  const first = page.stream.querySelector(":scope > article");
  if (first) {
    first.setAttribute("tabindex", "-1");
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: "start" });
  }
}

function showCount(page) {
  const count = page.waiting.size;
  const button = document.getElementById("new-updates");
  if (button) {
    button.hidden = count === 0;
    button.textContent = `${count} new ${count === 1 ? "update" : "updates"}`;
  }
  const badge = count + page.unseen;
  document.title = badge ? `(${badge}) ${page.title}` : page.title;
  if (count) announce(button.textContent);
}

function applyIntro(change) {
  const shown = document.getElementById("intro-entry");
  if (shown && change.html) {
    const article = fragment(change.html);
    shown.replaceWith(article);
    relativeTimes(article);
  } else if (shown && !change.html) {
    document.getElementById("intro")?.remove();
  }
}

function applyClaim(page, change) {
  // A claim's status changed: every badge of it says so, shown or waiting to be shown.
  const selector = `[data-claim-id="${change.claim_id}"] .claim-verdict`;
  let shown = false;
  for (const holder of [document, ...page.waiting.values()]) {
    for (const verdict of holder.querySelectorAll(selector)) {
      verdict.replaceWith(fragment(change.claim_html));
      shown ||= holder === document;
    }
  }
  if (shown && change.announce) announce(change.announce);
}

function syncPinned(change) {
  const section = document.getElementById("pinned");
  if (!section) return;
  const slot = section.querySelector(".pinned-slot");
  const current = slot.querySelector("article");
  if (change.pinned && change.pinned_html) {
    const pinned = fragment(change.pinned_html);
    shareLinks(pinned);
    slot.replaceChildren(pinned);
    relativeTimes(slot);
    section.hidden = false;
  } else if (current && current.dataset.id === String(change.post_id)) {
    slot.replaceChildren();
    section.hidden = true;
  }
}

function syncKeyEvent(page, change) {
  const nav = document.getElementById("key-events");
  if (!nav) return;
  const list = nav.querySelector("ol");
  const existing = list.querySelector(`li[data-id="${change.post_id}"]`);
  if (!change.key_event_html) {
    if (existing) existing.remove();
  } else {
    const item = fragment(change.key_event_html);
    if (existing) existing.replaceWith(item);
    else {
      const when = Date.parse(change.published_at);
      const after = [...list.children].find((li) => {
        const t = Date.parse(li.querySelector("time")?.getAttribute("datetime"));
        return page.newestFirst ? t < when : t > when;
      });
      list.insertBefore(item, after || null);
    }
  }
  nav.hidden = list.children.length === 0;
}

function keyEventJumps(page) {
  // Key events link to each update's own page; when the update is on this page, jump there.
  page.main.addEventListener("click", (event) => {
    const link = event.target.closest("#key-events a[data-anchor]");
    const target = link && document.getElementById(link.dataset.anchor);
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: "start" });
    target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    history.replaceState(null, "", `#${link.dataset.anchor}`);
  });
}

function replaceHeader(html) {
  const header = document.getElementById("blog-header");
  if (header) header.replaceWith(fragment(html));
}

function end(page) {
  page.ended = true;
  page.main.dataset.live = "false";
  if (page.source) page.source.close();
  state(page, "This live coverage has ended.", "is-ended");
  showWaiting(page);
  document.getElementById("new-updates")?.remove();
}

function announce(text) {
  const region = document.getElementById("live-announcer");
  if (region) region.textContent = text;
}

function fragment(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  return template.content.firstElementChild;
}

// -- reading aids ----------------------------------------------------------------

function relativeTimes(root) {
  const format = new Intl.RelativeTimeFormat(document.documentElement.lang || "en", {
    numeric: "auto",
  });
  for (const time of root.querySelectorAll("time[data-stamp]")) {
    // Beside the permalink, not inside it: the link's name stays the stamp.
    const holder = time.closest("a") || time;
    let ago = holder.nextElementSibling;
    if (!ago?.classList.contains("ago")) {
      ago = document.createElement("span");
      ago.className = "ago";
      holder.after(ago);
    }
    ago.textContent = ` · ${relative(format, Date.parse(time.getAttribute("datetime")))}`;
  }
}

function relative(format, then) {
  const seconds = Math.round((then - Date.now()) / 1000);
  const steps = [
    [60, "second"],
    [60, "minute"],
    [24, "hour"],
    [7, "day"],
  ];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) {
      return unit === "second" ? format.format(0, "second") : format.format(value, unit);
    }
    value = Math.round(value / size);
  }
  return format.format(value, "week");
}

// Live frames carry updates without their share links (the same for every update but
// the address, they were a third of each frame): the page's template supplies them.
function shareLinks(article) {
  const template = document.getElementById("share-links");
  const permalink = article.querySelector("a.permalink");
  if (!template || !permalink || article.querySelector(".share")) return;
  const url = new URL(permalink.getAttribute("href"), template.dataset.origin).href;
  const links = template.content.firstElementChild.cloneNode(true);
  for (const link of links.querySelectorAll("a[href]")) {
    link.setAttribute("href", link.getAttribute("href").replace("%7Burl%7D", encodeURIComponent(url)));
  }
  for (const button of links.querySelectorAll("[data-url]")) button.dataset.url = url;
  permalink.after(" ", links);
}

function copyButtons(root) {
  if (!navigator.clipboard) return;
  for (const button of root.querySelectorAll("button.copy-link")) {
    if (button.dataset.ready) continue;
    button.dataset.ready = "1";
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(button.dataset.url);
      button.textContent = "Link copied";
    });
  }
}

function olderInPlace(page) {
  // "Load older updates" works as a plain link; with the script it fetches the
  // next page and appends its updates here, keeping the reader's place.
  page.main.addEventListener("click", async (event) => {
    const link = event.target.closest(".pager a.older");
    if (!link) return;
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(link.href);
      const next = new DOMParser().parseFromString(await response.text(), "text/html");
      const articles = [...next.querySelectorAll("#stream > article")].filter(
        (a) => !document.getElementById(a.id),
      );
      page.stream.append(...articles);
      articles.forEach((a) => {
        relativeTimes(a);
        copyButtons(a);
      });
      const pager = next.querySelector(".pager");
      const ours = page.main.querySelector(".pager");
      const nextLink = pager?.querySelector("a.older");
      ours.replaceChildren(...(nextLink ? [nextLink] : []));
      if (articles[0]) {
        articles[0].setAttribute("tabindex", "-1");
        articles[0].focus({ preventScroll: true });
      }
      announce(`${articles.length} more updates loaded`);
    } catch {
      location.href = link.href;
    }
  });
}
