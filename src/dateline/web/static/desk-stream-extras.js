// On the blog desk's cards: the claims an update carries (change a status with a
// note, see the history) and its embeds' snapshots (fill or correct them, capture
// again). Editors only for changes; the server decides.

import { announce, call, desk, postUrl, sentence } from "./desk-stream-api.js";

// The stream (desk-stream.js) fetches the card again when told (one module instance
// each: the page loads them by versioned URL, so they do not import each other).
function refreshCard(id) {
  document.dispatchEvent(new CustomEvent("desk:written", { detail: { id } }));
}

const STATUSES = [
  ["unverified", "Unverified"], ["disputed", "Disputed"], ["confirmed", "Confirmed"], ["false", "False"],
];
// Snapshot fields an editor types, with a label each (others stay as captured).
const LABELS = {
  author_name: "Author", handle: "Handle", text: "Text", posted_at: "Posted at (ISO time)",
  title: "Title", description: "Description", site_name: "Site", caption: "Caption", credit: "Credit",
};

if (desk) desk.addEventListener("click", onClick);

function onClick(event) {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  const card = button.closest(".desk-card");
  const claim = button.closest("[data-claim-id]");
  if (button.dataset.action === "claim-history" && claim) toggleHistory(button, claim);
  if (button.dataset.action === "claim-status" && claim) changeStatus(card, claim);
  if (button.dataset.action === "snapshots" && card) openSnapshots(card);
}

function claimUrl(claim) {
  return `${desk.dataset.claimsUrl}/${claim.dataset.claimId}`;
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function work(card) {
  const area = card.querySelector("[data-work]");
  area.replaceChildren();
  return area;
}

function errorLine(parent) {
  const line = el("p", { className: "form-error", hidden: true });
  line.setAttribute("role", "alert");
  parent.append(line);
  return (text) => {
    line.textContent = text;
    line.hidden = !text;
  };
}

async function toggleHistory(button, claim) {
  const list = claim.querySelector("[data-claim-history]");
  const open = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!open));
  list.hidden = open;
  if (open) return;
  const answer = await call("GET", claimUrl(claim));
  if (!answer.ok) return list.replaceChildren(el("li", { textContent: sentence(answer) }));
  list.replaceChildren(...answer.data.history.map((entry) => {
    const when = entry.created_at ? new Date(entry.created_at).toLocaleString() : "";
    const note = entry.claim.note ? `: ${entry.claim.note}` : "";
    return el("li", { textContent: `${when} · ${entry.actor || "?"} · ${entry.claim.status}${note}` });
  }));
}

function changeStatus(card, claim) {
  const area = work(card);
  const id = `claim-${claim.dataset.claimId}-${card.dataset.id}`;
  const select = el("select", { id: `${id}-status` });
  for (const [value, label] of STATUSES) {
    select.append(el("option", { value, textContent: label, selected: value === claim.dataset.claimStatus }));
  }
  const note = el("input", { id: `${id}-note`, type: "text", maxLength: 2000 });
  const form = el("form", { className: "note-form", noValidate: true },
    el("label", { htmlFor: select.id, className: "field-label", textContent: "Status" }), select,
    el("label", { htmlFor: note.id, className: "field-label", textContent: "Why (shown in its history)" }), note,
    el("div", { className: "edit-actions" },
      el("button", { type: "submit", className: "primary", textContent: "Change status" }),
      el("button", { type: "button", textContent: "Cancel", onclick: () => form.remove() })));
  const showError = errorLine(form);
  area.append(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answer = await call("PATCH", claimUrl(claim), {
      version: Number(claim.dataset.claimVersion), status: select.value, note: note.value,
    });
    if (!answer.ok) return showError(sentence(answer));
    announce(`Claim now ${select.value}.`);
    refreshCard(Number(card.dataset.id));
  });
  select.focus();
}

async function openSnapshots(card) {
  const area = work(card);
  const answer = await call("GET", postUrl(card.dataset.id, "/embeds"));
  if (!answer.ok) return errorLine(area)(sentence(answer));
  for (const item of answer.data.items) {
    area.append(snapshotForm(card, item, answer.data.version));
  }
}

function snapshotForm(card, item, version) {
  const form = el("form", { className: "edit-form", noValidate: true });
  form.append(el("h4", { textContent: `${item.type} · ${item.status}: ${item.url}` }));
  const inputs = {};
  for (const name of item.editable.filter((n) => n in LABELS)) {
    const id = `snap-${card.dataset.id}-${item.index}-${name}`;
    const long = name === "text" || name === "description";
    const input = el(long ? "textarea" : "input", { id, value: item.block[name] || "" });
    if (!long) input.type = "text";
    inputs[name] = input;
    form.append(el("label", { htmlFor: id, className: "field-label", textContent: LABELS[name] }), input);
  }
  form.append(el("div", { className: "edit-actions" },
    el("button", { type: "submit", className: "primary", textContent: "Save snapshot" }),
    el("button", {
      type: "button", textContent: "Capture again",
      onclick: async () => {
        const again = await call("POST", postUrl(card.dataset.id, `/embeds/${item.index}/capture`));
        showError(again.ok ? "" : sentence(again));
        if (again.ok) announce("Capture queued.");
      },
    })));
  const showError = errorLine(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { version };
    for (const [name, input] of Object.entries(inputs)) {
      if (input.value !== (item.block[name] || "")) body[name] = input.value || null;
    }
    const answer = await call("PATCH", postUrl(card.dataset.id, `/embeds/${item.index}`), body);
    if (answer.status === 409) return showError("The update changed meanwhile: open Snapshots again.");
    if (!answer.ok) return showError(sentence(answer));
    announce("Snapshot saved.");
    refreshCard(Number(card.dataset.id));
  });
  return form;
}
