// Behaviour shared by every page. Kept in a static file so that pages need no inline script
// (the Content-Security-Policy forbids it).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".js-autosubmit").forEach((element) => {
    element.addEventListener("change", () => element.form.submit());
  });
  document.querySelectorAll('input[type="file"]').forEach(vietnameseFilePicker);
});

// The native file input shows the browser's language; keep the input (it still takes focus and
// submits the file) but show a button and the chosen file's name in the page's language.
function vietnameseFilePicker(input) {
  const picker = document.createElement("div");
  picker.className = "file-picker";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-outline-secondary btn-sm";
  button.textContent = document.body.dataset.fileChoose;
  button.tabIndex = -1;
  const name = document.createElement("span");
  name.className = "text-body-secondary";
  name.textContent = document.body.dataset.fileNone;
  input.parentNode.insertBefore(picker, input);
  picker.append(input, button, name);
  input.classList.add("visually-hidden");
  button.addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    name.textContent = input.files.length ? input.files[0].name : document.body.dataset.fileNone;
  });
}

// htmx requests carry the CSRF token read from the body's data attribute.
document.addEventListener("htmx:configRequest", (event) => {
  event.detail.headers["X-CSRFToken"] = document.body.dataset.csrfToken;
});
