// peerpair's page script: a roster dropped anywhere on the drop area goes into the Roster
// field, and a file too large for a roster is flagged before it is sent.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.upload")) {
    const zone = form.querySelector("[data-drop]");
    const input = form.querySelector("input[type=file]");
    const tooLarge = form.querySelector("[data-too-large]");
    const limit = Number(form.dataset.maxBytes);

    const checkSize = () => {
      const file = input.files[0];
      const over = Boolean(file && file.size > limit);
      tooLarge.hidden = !over;
      input.setCustomValidity(over ? tooLarge.textContent.trim() : "");
    };
    input.addEventListener("change", checkSize);

    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.classList.add("over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("over");
      if (event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        checkSize();
      }
    });
  }
});
