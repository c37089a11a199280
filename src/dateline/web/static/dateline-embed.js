// Dateline's resize script for sites that embed a live blog. Copy-paste:
//   <iframe src="https://news.example/storm/embed" title="Live: …" width="100%" height="600"></iframe>
//   <script src="https://news.example/static/dateline-embed.js" async></script>
// Each Dateline frame on the page reports its height; this fits the frame to it.
(function () {
  if (window.__datelineEmbed) return;
  window.__datelineEmbed = true;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "dateline:height" || typeof data.height !== "number") return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      // Only the frame that sent it, and only if it shows a page of the sender's origin.
      if (frames[i].contentWindow !== event.source) continue;
      if (new URL(frames[i].src, location.href).origin !== event.origin) return;
      var height = Math.max(100, Math.min(Math.round(data.height), 20000));
      frames[i].setAttribute("height", String(height));
      frames[i].style.height = height + "px";
      return;
    }
  });
})();
