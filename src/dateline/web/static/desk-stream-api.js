// The blog desk's conversation with the JSON API: the session cookie and the
// CSRF token on every change, JSON both ways, errors in words a person can act on.
// Every address comes from the page's data- attributes (the server's URL builder).

export const desk = document.getElementById("blog-desk");

export function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") || "";
}

export function postUrl(id, suffix = "") {
  return desk.dataset.postUrl.replace("{id}", String(id)) + suffix;
}

export function cardUrl(id) {
  return desk.dataset.cardUrl.replace("{id}", String(id));
}

export async function call(method, url, body, headers = {}) {
  const init = { method, headers: { ...headers }, credentials: "same-origin", cache: "no-store" };
  if (method !== "GET" && method !== "HEAD") init.headers["X-CSRF-Token"] = csrfToken();
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  let data = null;
  if (response.status !== 204) {
    const text = await response.text();
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
  }
  return { ok: response.ok, status: response.status, data };
}

// The API's errors: a sentence, or a list of {field, msg}. Returns {field: message}
// (field "" for what belongs to no field).
export function problems(answer) {
  const detail = answer?.data?.detail;
  if (Array.isArray(detail)) {
    const out = {};
    for (const item of detail) {
      const field = String(item.field || "").split(".")[0];
      out[field] = out[field] ? `${out[field]}; ${item.msg}` : item.msg;
    }
    return out;
  }
  if (typeof detail === "string") return { "": detail };
  if (answer && answer.status === 0) return { "": "No connection: nothing was lost; try again." };
  return { "": `The server answered ${answer?.status}; try again.` };
}

export function sentence(answer) {
  return Object.entries(problems(answer))
    .map(([field, message]) => (field ? `${field} ${message}` : message))
    .join(". ");
}

export function announce(text) {
  const region = document.getElementById("desk-announcer");
  if (!region) return;
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

export function fragment(html) {
  const holder = document.createElement("template");
  holder.innerHTML = html.trim();
  return holder.content.firstElementChild;
}

// A local date-time input's value for an ISO instant, and back.
export function toLocalInput(iso) {
  if (!iso) return "";
  const when = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return (
    `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}` +
    `T${pad(when.getHours())}:${pad(when.getMinutes())}:${pad(when.getSeconds())}`
  );
}

export function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : null;
}

export function newKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
