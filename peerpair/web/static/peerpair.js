// peerpair's page script: a roster dropped anywhere on the drop area goes into the Roster
// field, a file too large for a roster is flagged before it is sent, and a form sent once
// is not sent twice by a second click (two plans of the same roster).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[method=post]")) {
    form.addEventListener("submit", () => {
      for (const button of form.querySelectorAll("button[type=submit]")) {
        button.disabled = true;
      }
    });
  }
  // Back to this page from the browser's history: its forms can be sent again.
  window.addEventListener("pageshow", () => {
    for (const button of document.querySelectorAll("button[type=submit]")) {
      button.disabled = false;
    }
  });

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
