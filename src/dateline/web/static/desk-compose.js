// The composer at the top of a blog's desk: Markdown with a small toolbar, a
// preview rendered by the server exactly as readers will see it, and nothing lost.
// What is typed is kept in this browser until the server has acknowledged it; each
// send carries an Idempotency-Key, so a publish retried after a dropped connection
// publishes once.

import { announce, call, desk, newKey, postUrl, problems } from "./desk-stream-api.js";

const form = document.getElementById("composer");
if (desk && form) start();

function start() {
  const field = (id) => document.getElementById(`composer-${id}`);
  const ui = {
    body: field("body"), alt: field("alt"), caption: field("caption"), credit: field("credit"),
    authors: field("authors"), tags: field("tags"), keyEvent: field("key-event"),
    pinned: field("pinned"), when: field("when"), file: field("file"), drop: field("drop"),
    photoState: field("photo-state"), photoRemove: field("photo-remove"),
    preview: field("preview"), error: field("error"), kept: field("kept"),
    claim: field("claim"), newClaim: field("new-claim"),
  };
  const storageKey = `dateline:desk:${desk.dataset.blog}:${desk.dataset.me}:composer`;
  const texts = [
    "body", "alt", "caption", "credit", "authors", "tags", "keyEvent", "when", "claim", "newClaim",
  ];
  const composer = { ui, storageKey, texts, picture: null, file: null, sending: false };

  restore(composer);
  form.addEventListener("input", () => {
    keep(composer);
    schedulePreview(composer);
  });
  form.addEventListener("change", () => keep(composer));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(composer, event.submitter?.dataset.send || defaultSend());
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-send]");
    if (button && button.type !== "submit") send(composer, button.dataset.send);
    const format = event.target.closest("button[data-format]");
    if (format) applyFormat(ui.body, format.dataset.format, composer);
  });
  ui.body.addEventListener("keydown", (event) => {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key === "Enter") {
      event.preventDefault();
      send(composer, defaultSend());
    } else if (mod && (event.key === "b" || event.key === "i")) {
      event.preventDefault();
      applyFormat(ui.body, event.key === "b" ? "bold" : "italic", composer);
    }
  });
  ui.file.addEventListener("change", () => attach(composer, ui.file.files[0]));
  ui.photoRemove.addEventListener("click", () => detach(composer));
  for (const target of [ui.drop, ui.body]) {
    target.addEventListener("dragover", (event) => event.preventDefault());
    target.addEventListener("drop", (event) => {
      const file = [...(event.dataTransfer?.files || [])].find((f) => f.type.startsWith("image/"));
      if (!file) return;
      event.preventDefault();
      attach(composer, file);
    });
  }
  ui.body.addEventListener("paste", (event) => {
    const file = [...(event.clipboardData?.files || [])].find((f) => f.type.startsWith("image/"));
    if (file) {
      event.preventDefault();
      attach(composer, file);
    }
  });
  if (ui.body.value.trim()) schedulePreview(composer);
}

function defaultSend() {
  return desk.dataset.role === "contributor" ? "submit" : "publish";
}

// -- nothing lost --------------------------------------------------------------------

function keep(composer) {
  const saved = load(composer);
  for (const name of composer.texts) if (composer.ui[name]) saved[name] = composer.ui[name].value;
  if (composer.ui.pinned) saved.pinned = composer.ui.pinned.checked;
  saved.picture = composer.picture;
  localStorage.setItem(composer.storageKey, JSON.stringify(saved));
  composer.ui.kept.textContent = "Kept on this device until it is sent.";
}

function load(composer) {
  try {
    return JSON.parse(localStorage.getItem(composer.storageKey) || "{}") || {};
  } catch {
    return {};
  }
}

function restore(composer) {
  const saved = load(composer);
  let any = false;
  for (const name of composer.texts) {
    const input = composer.ui[name];
    if (input && typeof saved[name] === "string" && saved[name] !== input.value) {
      input.value = saved[name];
      any ||= name === "body" && saved[name].trim() !== "";
    }
  }
  if (composer.ui.pinned && saved.pinned) composer.ui.pinned.checked = true;
  if (saved.picture) showPicture(composer, saved.picture);
  if (any) composer.ui.kept.textContent = "Your unsent update was brought back.";
}

function forget(composer) {
  localStorage.removeItem(composer.storageKey);
  for (const name of composer.texts) {
    const input = composer.ui[name];
    if (input) input.value = input.dataset.default || "";
  }
  if (composer.ui.pinned) composer.ui.pinned.checked = false;
  detach(composer);
  composer.ui.preview.replaceChildren();
}

// -- the toolbar -----------------------------------------------------------------------

function applyFormat(area, kind, composer) {
  const { selectionStart: start, selectionEnd: end, value } = area;
  const selected = value.slice(start, end);
  const lineStart = value.lastIndexOf("\n", start - 1) + 1;
  let text;
  let caret;
  if (kind === "bold" || kind === "italic") {
    const mark = kind === "bold" ? "**" : "_";
    const inner = selected || (kind === "bold" ? "bold text" : "italic text");
    text = value.slice(0, start) + mark + inner + mark + value.slice(end);
    caret = [start + mark.length, start + mark.length + inner.length];
  } else if (kind === "link") {
    const label = selected || "link text";
    text = `${value.slice(0, start)}[${label}](https://)${value.slice(end)}`;
    const url = start + label.length + 3;
    caret = [url, url + 8];
  } else {
    const block = value.slice(lineStart, end) || (kind === "quote" ? "Quoted words" : "Text");
    let replaced;
    if (kind === "quote") {
      replaced = `${block.split("\n").map((l) => `> ${l}`).join("\n")}\n>\n> — Who said it`;
    } else if (kind === "heading") {
      replaced = `## ${block.replace(/^#+\s*/, "")}`;
    } else {
      replaced = block.split("\n").map((l) => `- ${l}`).join("\n");
    }
    text = value.slice(0, lineStart) + replaced + value.slice(end);
    caret = [lineStart, lineStart + replaced.length];
  }
  area.value = text;
  area.focus();
  area.setSelectionRange(...caret);
  keep(composer);
  schedulePreview(composer);
}

// -- the preview -------------------------------------------------------------------------

function schedulePreview(composer) {
  clearTimeout(composer.previewTimer);
  composer.previewTimer = setTimeout(() => preview(composer), 350);
}

async function preview(composer) {
  if (!composer.ui.body.value.trim() && !composer.picture) {
    composer.ui.preview.replaceChildren();
    return null;
  }
  const answer = await call("POST", desk.dataset.previewUrl, previewRequest(composer)).catch(
    () => ({ ok: false, status: 0 }),
  );
  if (answer.ok) {
    const holder = document.createElement("template");
    holder.innerHTML = answer.data.html; // the server's own rendering, sanitised on the way in
    composer.ui.preview.replaceChildren(holder.content);
    showError(composer, "body", "");
  }
  return answer;
}

function previewRequest(composer) {
  const request = { body: composer.ui.body.value };
  if (composer.picture) {
    request.picture = {
      media_id: composer.picture.id, alt: composer.ui.alt.value,
      caption: composer.ui.caption.value, credit: composer.ui.credit.value,
    };
  }
  return request;
}

// -- the picture ---------------------------------------------------------------------------

function attach(composer, file) {
  if (!file) return;
  composer.file = file;
  composer.picture = null;
  document.getElementById("composer-photo-box").open = true;
  composer.ui.photoState.textContent = `Picture chosen: ${file.name}. It is uploaded when you send (alt text needed).`;
  composer.ui.photoRemove.hidden = false;
  composer.ui.alt.required = true;
}

function showPicture(composer, picture) {
  composer.picture = picture;
  document.getElementById("composer-photo-box").open = true;
  composer.ui.photoState.textContent = "Picture uploaded and attached.";
  composer.ui.photoRemove.hidden = false;
}

function detach(composer) {
  composer.file = null;
  composer.picture = null;
  composer.ui.file.value = "";
  composer.ui.photoState.textContent = "";
  composer.ui.photoRemove.hidden = true;
  composer.ui.alt.required = false;
  keep(composer);
}

async function upload(composer) {
  if (!composer.file) return true;
  if (!composer.ui.alt.value.trim()) {
    showError(composer, "alt", "Describe the picture for readers who cannot see it.");
    composer.ui.alt.focus();
    return false;
  }
  const data = new FormData();
  data.append("file", composer.file);
  data.append("alt", composer.ui.alt.value);
  data.append("caption", composer.ui.caption.value);
  data.append("credit", composer.ui.credit.value);
  composer.ui.photoState.textContent = "Uploading the picture…";
  const answer = await call("POST", desk.dataset.mediaUrl, data).catch(() => ({ ok: false, status: 0 }));
  if (!answer.ok) {
    const found = problems(answer);
    showError(composer, "alt", found.alt || found.file || Object.values(found).join(". "));
    composer.ui.photoState.textContent = "The picture was not uploaded.";
    return false;
  }
  composer.file = null;
  showPicture(composer, { id: answer.data.id, url: answer.data.url });
  keep(composer);
  return true;
}

// -- sending --------------------------------------------------------------------------------

function list(value) {
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

async function send(composer, mode) {
  if (composer.sending) return;
  composer.sending = true;
  form.setAttribute("aria-busy", "true");
  try {
    await sendOnce(composer, mode);
  } finally {
    composer.sending = false;
    form.removeAttribute("aria-busy");
  }
}

async function sendOnce(composer, mode) {
  const { ui } = composer;
  for (const name of ["body", "alt", "when", "new-claim", ""]) showError(composer, name, "");
  if (mode === "schedule" && !ui.when.value) {
    showError(composer, "when", "Choose when it should go out.");
    return ui.when.focus();
  }
  if (!(await upload(composer))) return;
  const shown = await preview(composer);
  if (!shown || !shown.ok) {
    if (!shown) return showError(composer, "body", "Write the update first.");
    return showProblems(composer, shown);
  }
  const payload = {
    blocks: shown.data.blocks,
    status: { publish: "published", schedule: "scheduled" }[mode] || "draft",
    authors: list(ui.authors.value),
    tags: list(ui.tags.value),
  };
  if (ui.keyEvent.value.trim()) payload.key_event = ui.keyEvent.value.trim();
  if (ui.pinned?.checked && mode === "publish") payload.pinned = true;
  if (mode === "schedule") payload.published_at = new Date(ui.when.value).toISOString();
  const claim = await claimFor(composer);
  if (claim === false) return;
  if (claim) payload.claims = [claim];
  const answer = await call("POST", desk.dataset.postsUrl, payload, {
    "Idempotency-Key": keyFor(composer, payload),
  }).catch(() => ({ ok: false, status: 0 }));
  if (!answer.ok) return showProblems(composer, answer);
  const post = answer.data;
  if (mode === "submit") {
    const submitted = await call("POST", postUrl(post.id, "/submit"), { version: post.version });
    if (!submitted.ok) return showProblems(composer, submitted);
  }
  forget(composer);
  const said = { publish: "Published.", schedule: "Scheduled.", submit: "Submitted for review." };
  announce(said[mode] || "Saved as a draft.");
  ui.kept.textContent = said[mode] || "Saved as a draft.";
  document.dispatchEvent(new CustomEvent("desk:written", { detail: { id: post.id } }));
  ui.body.focus();
}

// The claim the update reports: one chosen, or a new one recorded first (once: kept).
async function claimFor(composer) {
  const { ui } = composer;
  const statement = ui.newClaim?.value.trim();
  if (!statement) return ui.claim?.value ? Number(ui.claim.value) : null;
  const answer = await call("POST", desk.dataset.claimsUrl, { statement });
  if (!answer.ok) {
    showError(composer, "new-claim", problems(answer).statement || Object.values(problems(answer)).join(". "));
    return false;
  }
  ui.claim.append(new Option(`${answer.data.statement} (Unverified)`, String(answer.data.id)));
  ui.claim.value = String(answer.data.id);
  ui.newClaim.value = "";
  keep(composer);
  return answer.data.id;
}

// The same key for the same update sent again (a retry); a new one once it differs.
function keyFor(composer, payload) {
  const saved = load(composer);
  const fingerprint = JSON.stringify(payload);
  if (!saved.idempotency || saved.idempotency.fingerprint !== fingerprint) {
    saved.idempotency = { key: newKey(), fingerprint };
    localStorage.setItem(composer.storageKey, JSON.stringify(saved));
  }
  return saved.idempotency.key;
}

const FIELD_OF = { body: "body", blocks: "body", picture: "alt", alt: "alt", published_at: "when" };

function showProblems(composer, answer) {
  const found = problems(answer);
  const loose = [];
  for (const [name, message] of Object.entries(found)) {
    const target = FIELD_OF[name];
    if (target && document.getElementById(`composer-${target}-error`)) showError(composer, target, message);
    else loose.push(name ? `${name} ${message}` : message);
  }
  showError(composer, "", loose.join(". "));
}

function showError(composer, name, message) {
  const line = name ? document.getElementById(`composer-${name}-error`) : composer.ui.error;
  if (!line) return;
  line.textContent = message ? (name ? `${message}` : `Not sent: ${message}. Your text is kept.`) : "";
  line.hidden = !message;
  const input = name ? document.getElementById(`composer-${name}`) : null;
  if (input) {
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
}
