// The page as it stood: the slider picks a moment between the coverage's start and now,
// written into the form's time field (which the form sends as `?at=`).
const form = document.getElementById("past-form");
if (form) {
  const slider = document.getElementById("past-slider");
  const field = document.getElementById("past-at");
  const start = Date.parse(form.dataset.start);
  const end = Date.parse(form.dataset.end);
  const moment = (value) => {
    const at = start + ((end - start) * Number(value)) / Number(slider.max);
    // Whole seconds, never before the start (both ends are whole seconds).
    return new Date(Math.ceil(at / 1000) * 1000).toISOString().replace(".000Z", "Z");
  };
  slider.addEventListener("input", () => {
    field.value = moment(slider.value);
  });
  field.addEventListener("change", () => {
    const at = Date.parse(field.value);
    if (!Number.isNaN(at) && end > start) {
      const share = Math.min(1, Math.max(0, (at - start) / (end - start)));
      slider.value = String(Math.round(share * Number(slider.max)));
    }
  });
}
