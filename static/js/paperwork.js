// Print buttons on the generated documents' pages (no inline handlers: the CSP forbids them).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".js-print").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
});
