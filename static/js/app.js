// Behaviour shared by every page. Kept in a static file so that pages need no inline script
// (the Content-Security-Policy forbids it).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".js-autosubmit").forEach((element) => {
    element.addEventListener("change", () => element.form.submit());
  });
  document.querySelectorAll('input[type="file"]').forEach(vietnameseFilePicker);
  document.querySelectorAll(".error-summary").forEach(errorSummary);
  document.querySelectorAll("[data-show-if-field]").forEach(showIf);
});

// A part of a form that applies to one choice only (a cadet's section of the person form, the
// new cohort's name): <div data-show-if-field="id_kind" data-show-if-value="cadet">. Without
// JavaScript every part shows.
function showIf(element) {
  const field = document.getElementById(element.dataset.showIfField);
  if (!field) return;
  const update = () => {
    // A part with an error to correct stays in sight.
    element.hidden =
      field.value !== element.dataset.showIfValue && !element.querySelector('[aria-invalid="true"]');
  };
  field.addEventListener("change", update);
  update();
}

// A form sent back with errors: the summary at the top links to each field, and the first field
// to correct has the focus (templates/bootstrap5/errors.html).
function errorSummary(summary) {
  const fieldOf = (link) => {
    const element = document.getElementById(link.dataset.field);
    // A list of boxes is named by its first box; a field hidden for this kind is skipped.
    return element && element.offsetParent !== null ? element : null;
  };
  const links = [...summary.querySelectorAll("a[data-field]")];
  links.forEach((link) => {
    link.addEventListener("click", (event) => {
      const field = fieldOf(link);
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  });
  const first = links.map(fieldOf).find(Boolean);
  if (first) {
    first.focus();
    first.scrollIntoView({ block: "center" });
  } else {
    summary.tabIndex = -1;
    summary.focus();
  }
}

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
