// Inside the embed page: tell the page that frames us how tall we are, whenever that
// changes (a new update arrives, a picture loads), so its iframe can fit the content.
// The parent's side is static/dateline-embed.js.
if (window.parent !== window) {
  let last = 0;
  const tell = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "dateline:height", height, href: location.href }, "*");
  };
  new ResizeObserver(tell).observe(document.documentElement);
  window.addEventListener("load", tell);
  tell();
}
