// The desk's shared script: small and progressive; every page works without it.
// - the CSRF token, from <meta name="csrf-token">, for the desk's calls to the JSON API;
// - forms with data-confirm ask before they go;
// - the blog settings' live preview of how a stamp will read (data-stamp-preview).

export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

// fetch() for the desk: the session cookie, the CSRF header, JSON in and out.
export async function deskFetch(url, options = {}) {
  const headers = new Headers(options.headers || {});
  headers.set("X-CSRF-Token", csrfToken());
  if (options.json !== undefined) {
    headers.set("Content-Type", "application/json");
    options = { ...options, body: JSON.stringify(options.json) };
  }
  return fetch(url, { credentials: "same-origin", ...options, headers });
}

function confirmForms() {
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
}

// The stamp preview asks the server, so it reads exactly as the page will.
function stampPreviews() {
  for (const output of document.querySelectorAll("[data-stamp-preview]")) {
    const format = document.getElementById(output.dataset.stampPreview);
    const zone = document.getElementById(output.dataset.stampZone);
    if (!format || !zone || !format.dataset.previewUrl) continue;
    let timer = 0;
    let asked = 0;
    const show = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const mine = ++asked;
        const query = new URLSearchParams({ format: format.value, zone: zone.value });
        try {
          const answer = await fetch(`${format.dataset.previewUrl}?${query}`, {
            credentials: "same-origin",
          });
          if (answer.ok && mine === asked) output.textContent = await answer.text();
        } catch {
          // Offline: the preview keeps its last value; saving will check the format.
        }
      }, 200);
    };
    format.addEventListener("input", show);
    zone.addEventListener("input", show);
    zone.addEventListener("change", show);
  }
}

confirmForms();
stampPreviews();
