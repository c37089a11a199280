// The blog desk's stream: every update live (everyone's changes, drafts and
// submissions included for those allowed), and what can be done with each:
// edit (with what changed, a soft lock, and the version check surfaced), delete
// with confirmation, restore, pin, key event, publish, submit, send back.

import {
  announce, call, cardUrl, desk, fragment, fromLocalInput, postUrl, problems, sentence,
  toLocalInput,
} from "./desk-stream-api.js";

const POLL_MS = 1000;
const LOCK_POLL_MS = 2000;
const LOCK_BEAT_MS = 10_000;
const state = {
  seq: Number(desk?.dataset.seq || 0),
  editing: new Map(),
  pending: new Map(),
  shown: new Map(), // post id -> the card's HTML as last placed
};

if (desk) {
  desk.addEventListener("click", onClick);
  pollChanges();
  pollLocks();
  window.addEventListener("pagehide", releaseAll);
  document.addEventListener("desk:written", (event) => refreshCard(event.detail.id));
}

// -- live ----------------------------------------------------------------------

async function pollChanges() {
  for (;;) {
    try {
      const answer = await call("GET", `${desk.dataset.changesUrl}?after=${state.seq}`);
      if (answer.ok) {
        if (answer.data.reload) return location.reload();
        const ids = new Set();
        for (const change of answer.data.changes) {
          if (change.post_id !== undefined && change.kind !== "intro") ids.add(change.post_id);
          // A claim's status changed: every card carrying it shows the new one.
          for (const holder of desk.querySelectorAll(`[data-claim-id="${change.claim_id}"]`)) {
            ids.add(Number(holder.closest(".desk-card").dataset.id));
          }
        }
        state.seq = Math.max(state.seq, answer.data.last_seq);
        await Promise.all([...ids].map(refreshCard));
      }
    } catch {
      // Offline for a moment: the next round catches up from the same sequence number.
    }
    await sleep(POLL_MS);
  }
}

async function refreshCard(id) {
  let response;
  try {
    response = await fetch(cardUrl(id), { credentials: "same-origin", cache: "no-store" });
  } catch {
    return;
  }
  const shown = document.getElementById(`desk-update-${id}`);
  if (response.status === 404) {
    shown?.remove();
    return emptyNotes();
  }
  if (!response.ok) return;
  const html = await response.text();
  // Unchanged (a poll and an action both asked): keep the card as it is, open parts too.
  if (shown && state.shown.get(id) === html) return;
  state.shown.set(id, html);
  const card = fragment(html);
  if (state.editing.has(id)) {
    // Never pull the text from under someone typing: applied when they finish.
    state.pending.set(id, card);
    return;
  }
  place(card, shown);
}

function place(card, shown) {
  const list = document.getElementById(card.dataset.waiting === "true" ? "desk-queue" : "desk-stream");
  const isNew = !shown;
  if (shown && shown.parentElement === list) {
    shown.replaceWith(card);
  } else {
    shown?.remove();
    const when = Date.parse(card.dataset.when);
    const later = [...list.children].find((li) => Date.parse(li.dataset.when) < when);
    list.insertBefore(card, later || null);
  }
  if (isNew) {
    card.classList.add("is-new");
    setTimeout(() => card.classList.remove("is-new"), 2000);
    if (card.dataset.waiting === "true") announce("A contribution is waiting for review.");
  }
  showLocks(state.locks || []);
  emptyNotes();
}

function emptyNotes() {
  const note = document.getElementById("desk-queue-empty");
  if (note) note.hidden = document.getElementById("desk-queue").children.length > 0;
}

async function pollLocks() {
  for (;;) {
    try {
      const answer = await call("GET", desk.dataset.locksUrl);
      if (answer.ok) {
        state.locks = answer.data.items;
        showLocks(state.locks);
      }
    } catch {
      // The next round will tell.
    }
    await sleep(LOCK_POLL_MS);
  }
}

function showLocks(locks) {
  const held = new Map(locks.filter((l) => !l.mine).map((l) => [String(l.post_id), l.holder]));
  for (const line of desk.querySelectorAll("[data-lock]")) {
    const id = line.closest(".desk-card")?.dataset.id;
    const holder = held.get(id);
    line.hidden = !holder;
    line.textContent = holder ? `${holder} is editing this update.` : "";
  }
}

// -- actions ---------------------------------------------------------------------

const ACTIONS = {
  edit: openEditor,
  delete: confirmDelete,
  restore: (card) => act(card, "POST", postUrl(card.dataset.id, "/restore"), undefined, "Restored."),
  pin: (card) => act(card, "PUT", postUrl(card.dataset.id, "/pin"), undefined, "Pinned."),
  unpin: (card) => act(card, "DELETE", postUrl(card.dataset.id, "/pin"), undefined, "Unpinned."),
  publish: (card) =>
    act(card, "PATCH", postUrl(card.dataset.id),
      { version: Number(card.dataset.version), status: "published" }, "Published."),
  submit: (card) =>
    act(card, "POST", postUrl(card.dataset.id, "/submit"),
      { version: Number(card.dataset.version) }, "Submitted for review."),
  return: (card) =>
    askNote(card, "Note for the contributor", "Send back", (note) =>
      act(card, "POST", postUrl(card.dataset.id, "/return"), { note }, "Sent back.")),
  "key-event": (card) =>
    askNote(card, "Key-event title (empty: no longer a key event)", "Save key event", (title) =>
      title.trim()
        ? act(card, "PUT", postUrl(card.dataset.id, "/key-event"), { title }, "Key event set.")
        : act(card, "DELETE", postUrl(card.dataset.id, "/key-event"), undefined, "Key event cleared."),
    card.dataset.keyEvent),
};

function onClick(event) {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const card = button.closest(".desk-card");
  const action = ACTIONS[button.dataset.action];
  if (card && action) action(card, button);
}

async function act(card, method, url, body, done) {
  const answer = await call(method, url, body).catch(() => ({ ok: false, status: 0 }));
  if (!answer.ok) {
    showWorkError(card, sentence(answer));
    return answer;
  }
  announce(done);
  await refreshCard(Number(card.dataset.id));
  return answer;
}

function showWorkError(card, text) {
  const work = card.querySelector("[data-work]");
  let line = work.querySelector(".form-error.card-error");
  if (!line) {
    line = document.createElement("p");
    line.className = "form-error card-error";
    line.setAttribute("role", "alert");
    work.append(line);
  }
  line.textContent = text;
}

function workArea(card, templateId) {
  const work = card.querySelector("[data-work]");
  const copy = document.getElementById(templateId).content.firstElementChild.cloneNode(true);
  work.replaceChildren(copy);
  // Labels and fields get ids of their own (the template is copied into many cards).
  for (const label of copy.querySelectorAll("label[data-for]")) {
    const field = copy.querySelector(`[data-field="${label.dataset.for}"]`);
    const id = `card-${card.dataset.id}-${label.dataset.for}`;
    field.id = id;
    label.htmlFor = id;
  }
  return copy;
}

function confirmDelete(card) {
  const box = workArea(card, "confirm-form");
  box.querySelector("[data-question]").textContent =
    "Delete this update? It leaves readers' pages at once; it can be restored.";
  const yes = box.querySelector("[data-yes]");
  yes.textContent = "Delete";
  yes.addEventListener("click", () =>
    act(card, "DELETE", postUrl(card.dataset.id), undefined, "Deleted."));
  box.querySelector("[data-cancel]").addEventListener("click", () => box.remove());
  yes.focus();
}

function askNote(card, label, submitLabel, send, initial = "") {
  const form = workArea(card, "note-form");
  form.querySelector("label").textContent = label;
  form.querySelector("[data-submit-label]").textContent = submitLabel;
  const input = form.querySelector("[data-field=note]");
  input.value = initial || "";
  form.querySelector("[data-cancel]").addEventListener("click", () => form.remove());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = await send(input.value);
    if (answer && !answer.ok) {
      const line = form.querySelector("[data-error]");
      line.textContent = sentence(answer);
      line.hidden = false;
    }
  });
  input.focus();
}

// -- editing -----------------------------------------------------------------------

async function openEditor(card) {
  const id = Number(card.dataset.id);
  const source = await call("GET", postUrl(id, "/source"));
  if (!source.ok) return showWorkError(card, sentence(source));
  const form = workArea(card, "edit-form");
  const body = form.querySelector("[data-field=body]");
  const time = form.querySelector("[data-field=time]");
  const kept = localStorage.getItem(editKey(id));
  const session = {
    id, card, form, version: source.data.version, saved: source.data.markdown,
    publishedAt: card.querySelector("time")?.getAttribute("datetime") || null,
  };
  body.value = kept !== null ? kept : source.data.markdown;
  if (time && session.publishedAt) time.value = toLocalInput(session.publishedAt);
  else if (time) time.closest("form").querySelector('[data-for="time"]').hidden = time.hidden = true;
  const correction = form.querySelector("[data-correction]");
  if (correction) correction.hidden = card.dataset.status !== "published";
  state.editing.set(id, session);
  card.classList.add("is-editing");
  holdLock(session);
  body.addEventListener("input", () => {
    localStorage.setItem(editKey(id), body.value);
    debounce(session, () => showDiff(session));
  });
  form.querySelector("[data-cancel]").addEventListener("click", () => closeEditor(session));
  form.querySelector("[data-take-theirs]").addEventListener("click", () => takeTheirs(session));
  form.querySelector("[data-keep-mine]").addEventListener("click", () => save(session, true));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(session, false);
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save(session, false);
    }
  });
  body.focus();
  if (kept !== null && kept !== source.data.markdown) showDiff(session);
}

function editKey(id) {
  return `dateline:desk:${desk.dataset.blog}:${desk.dataset.me}:edit:${id}`;
}

async function holdLock(session) {
  const beat = async () => {
    const answer = await call("PUT", postUrl(session.id, "/lock")).catch(() => null);
    if (answer?.ok && !answer.data.mine) {
      showFormError(session, `${answer.data.holder} is editing this update too; saves are checked, nothing is overwritten.`);
    }
  };
  await beat();
  session.lockTimer = setInterval(beat, LOCK_BEAT_MS);
}

function releaseLock(session) {
  clearInterval(session.lockTimer);
  call("DELETE", postUrl(session.id, "/lock")).catch(() => {});
}

function releaseAll() {
  for (const session of state.editing.values()) {
    fetch(postUrl(session.id, "/lock"), {
      method: "DELETE", keepalive: true, credentials: "same-origin",
      headers: { "X-CSRF-Token": document.querySelector('meta[name="csrf-token"]')?.content || "" },
    }).catch(() => {});
  }
}

function closeEditor(session) {
  releaseLock(session);
  state.editing.delete(session.id);
  localStorage.removeItem(editKey(session.id));
  session.form.remove();
  session.card.classList.remove("is-editing");
  const pending = state.pending.get(session.id);
  state.pending.delete(session.id);
  if (pending) place(pending, document.getElementById(`desk-update-${session.id}`));
  else refreshCard(session.id);
}

function debounce(session, run) {
  clearTimeout(session.timer);
  session.timer = setTimeout(run, 300);
}

async function preview(session) {
  const body = session.form.querySelector("[data-field=body]").value;
  return call("POST", desk.dataset.previewUrl, { body, edit_of: session.id });
}

async function showDiff(session) {
  const answer = await preview(session);
  if (!answer.ok) return;
  const list = session.form.querySelector("[data-diff]");
  const lines = (answer.data.diff || []).filter((l) => l.op !== "same" || l.text.trim());
  list.replaceChildren(...lines.map((line) => {
    const item = document.createElement(line.op === "added" ? "ins" : line.op === "removed" ? "del" : "span");
    const li = document.createElement("li");
    li.className = `diff-${line.op}`;
    item.textContent = `${line.op === "added" ? "+ " : line.op === "removed" ? "− " : "  "}${line.text}`;
    li.append(item);
    return li;
  }));
  session.form.querySelector("[data-changes-heading]").hidden = lines.length === 0;
}

function showFormError(session, text) {
  const line = session.form.querySelector("[data-error]");
  line.textContent = text;
  line.hidden = !text;
}

async function save(session, overTheirs) {
  const form = session.form;
  showFormError(session, "");
  const shown = await preview(session);
  if (!shown.ok) return showFormError(session, sentence(shown));
  const payload = { version: session.version, blocks: shown.data.blocks };
  const correction = form.querySelector("[data-correction]");
  if (correction && !correction.hidden && shown.data.changed) {
    payload.correction = {
      kind: form.querySelector('[data-field="correction-kind"]').value,
      note: form.querySelector('[data-field="correction-note"]').value,
    };
  }
  const time = form.querySelector("[data-field=time]");
  if (time && !time.hidden && time.value && time.value !== toLocalInput(session.publishedAt)) {
    payload.published_at = fromLocalInput(time.value);
  }
  const answer = await call("PATCH", postUrl(session.id), payload).catch(() => ({ ok: false, status: 0 }));
  if (answer.status === 409) return showConflict(session, answer.data.current_version);
  if (!answer.ok) {
    const found = problems(answer);
    return showFormError(session, Object.entries(found).map(([f, m]) => (f ? `${f} ${m}` : m)).join(". "));
  }
  announce(overTheirs ? "Saved over the other version." : "Saved.");
  closeEditor(session);
}

async function showConflict(session, currentVersion) {
  const [theirs, history] = await Promise.all([
    call("GET", postUrl(session.id, "/source")),
    call("GET", postUrl(session.id, "/revisions")),
  ]);
  const box = session.form.querySelector("[data-conflict]");
  const last = history.ok ? history.data.items[history.data.items.length - 1] : null;
  box.querySelector("[data-conflict-who]").textContent = last
    ? `${last.actor} saved version ${last.version}. Yours was made from version ${session.version}. Nothing was overwritten.`
    : `Version ${currentVersion} was saved meanwhile. Nothing was overwritten.`;
  box.querySelector("[data-theirs]").textContent = theirs.ok ? theirs.data.markdown : "";
  box.querySelector("[data-yours]").textContent = session.form.querySelector("[data-field=body]").value;
  session.theirs = theirs.ok ? theirs.data : null;
  session.version = theirs.ok ? theirs.data.version : currentVersion;
  box.hidden = false;
  showFormError(session, "Not saved: someone else saved this update first. Compare, then choose.");
  box.querySelector("[data-take-theirs]").focus();
}

function takeTheirs(session) {
  if (!session.theirs) return;
  session.form.querySelector("[data-field=body]").value = session.theirs.markdown;
  localStorage.setItem(editKey(session.id), session.theirs.markdown);
  session.form.querySelector("[data-conflict]").hidden = true;
  showFormError(session, "");
  showDiff(session);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
