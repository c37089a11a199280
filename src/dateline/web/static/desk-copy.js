// Copy buttons: <button data-copy="ID"> copies the text of the field with that id and
// says so in the next .copy-status. Shown only where the clipboard can be written;
// without it the field stays selectable by hand.

function copyButtons() {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) continue;
    const status = button.parentElement.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        if (status) status.textContent = "Copied.";
      } catch {
        field.select();
        if (status) status.textContent = "Select the text and copy it by hand.";
      }
    });
  }
}

copyButtons();
