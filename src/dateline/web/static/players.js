// Click-to-load for providers' video players.
//
// A reader page loads nothing from YouTube, Vimeo, TikTok or Facebook until the
// reader asks: each video is a still we hold and a button naming the provider.
// A click puts that one player in place; "Always load … videos" remembers the
// provider in this browser (localStorage), and from then on that provider's
// players load by themselves, without autoplay. Nothing else is ever stored.

const KEY = "dateline:players";

function remembered() {
  try {
    return new Set(JSON.parse(localStorage.getItem(KEY) || "[]"));
  } catch {
    return new Set(); // storage blocked or garbled: ask every time
  }
}

function remember(provider, yes) {
  const providers = remembered();
  if (yes) providers.add(provider);
  else providers.delete(provider);
  try {
    localStorage.setItem(KEY, JSON.stringify([...providers]));
  } catch {
    // Private mode: the choice lasts as long as the page.
  }
}

function load(player, { autoplay }) {
  const frame = document.createElement("iframe");
  const src = new URL(player.dataset.player);
  if (autoplay) src.searchParams.set("autoplay", "1");
  frame.src = src.href;
  frame.title = player.dataset.title;
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.allowFullscreen = true;
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation allow-popups");
  if (!autoplay) frame.loading = "lazy";
  player.replaceChildren(frame);
  player.classList.add("is-loaded");
}

function prepare(root) {
  const allowed = remembered();
  for (const player of root.querySelectorAll(".player[data-player]:not(.is-ready)")) {
    player.classList.add("is-ready");
    if (allowed.has(player.dataset.provider)) {
      load(player, { autoplay: false });
      continue;
    }
    const consent = player.querySelector(".player-consent");
    if (consent) consent.hidden = false;
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest(".player-load");
  const player = button && button.closest(".player");
  if (!player) return;
  const provider = player.dataset.provider;
  const box = player.querySelector(".player-remember input");
  load(player, { autoplay: true });
  if (!box || !box.checked) return;
  remember(provider, true);
  // The provider's other videos on this page load too, as they will on the next.
  for (const other of document.querySelectorAll(".player.is-ready:not(.is-loaded)")) {
    if (other.dataset.provider === provider) load(other, { autoplay: false });
  }
});

prepare(document);
// Updates arrive live: give their players the same treatment.
new MutationObserver(() => prepare(document)).observe(document.body, {
  childList: true,
  subtree: true,
});
