// Pages of the members app. No inline script: the data comes from json_script elements.

// The step form shows only the fields of the chosen kind and fills in the kind's form code,
// unless the user has typed their own.
function setUpStepForm() {
  const dataElement = document.getElementById("step-form-data");
  const form = document.getElementById("step-form");
  if (!dataElement || !form) return;
  const data = JSON.parse(dataElement.textContent);
  const kind = form.querySelector("#id_kind");
  const formCode = form.querySelector("#id_form_code");
  const youthUnion = form.querySelector("#id_by_youth_union");
  let formCodeTyped = false;
  formCode.addEventListener("input", () => { formCodeTyped = true; });

  const expectedFormCode = () => {
    if (kind.value === "introduction" && youthUnion && youthUnion.checked) {
      return data.youthUnionForms;
    }
    return data.forms[kind.value] || "";
  };

  const update = (fillFormCode) => {
    const wanted = data.fields[kind.value] || [];
    data.optional.forEach((name) => {
      const wrapper = document.getElementById(`div_id_${name}`);
      if (wrapper) wrapper.hidden = !wanted.includes(name);
    });
    if (fillFormCode && !formCodeTyped) formCode.value = expectedFormCode();
  };

  kind.addEventListener("change", () => update(true));
  if (youthUnion) youthUnion.addEventListener("change", () => update(true));
  update(false);
}

// Buttons that change a record ask first: <button class="js-confirm" data-confirm="...">.
function setUpConfirmations() {
  document.querySelectorAll(".js-confirm").forEach((button) => {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
}

// Text as the server's search key (members/names.py search_key): lower case, no diacritics,
// "đ" as "d", so that "hoai" finds "Hoài" and "dang" finds "Đặng".
function searchWords(text) {
  return text
    .toLowerCase()
    .replace(/đ/g, "d")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/\s+/)
    .filter(Boolean);
}

// The person picker (members/widgets.py) works as plain checkboxes; here it gains a search box.
// A checked member stays in sight whatever is typed.
function enhancePicker(picker) {
  const search = document.createElement("input");
  search.type = "search";
  search.className = "form-control form-control-sm mb-2";
  search.id = `${picker.id}_search`;
  search.placeholder = picker.dataset.searchLabel;
  search.setAttribute("aria-label", picker.dataset.searchLabel);
  search.autocomplete = "off";
  const noMatch = document.createElement("p");
  noMatch.className = "small text-body-secondary mb-0";
  noMatch.textContent = picker.dataset.noMatch;
  noMatch.hidden = true;
  picker.prepend(search);
  picker.append(noMatch);
  picker.classList.add("is-enhanced");
  search.addEventListener("keydown", (event) => {
    // Enter in the search box filters; it does not send the form.
    if (event.key === "Enter") event.preventDefault();
  });
  search.addEventListener("input", () => {
    const words = searchWords(search.value);
    let shown = 0;
    picker.querySelectorAll(".person-picker-group").forEach((group) => {
      let inGroup = 0;
      group.querySelectorAll(".person-picker-option").forEach((option) => {
        const text = option.dataset.search;
        const match =
          option.querySelector("input").checked || words.every((word) => text.includes(word));
        option.hidden = !match;
        if (match) inGroup += 1;
      });
      group.hidden = inGroup === 0;
      shown += inGroup;
    });
    noMatch.hidden = shown > 0;
  });
}

// Opened with a choice far down the list (a step or an assignment being corrected, a form sent
// back), the list scrolls to the first one chosen: the list, not the page. It waits until the
// list is in sight, since the step form shows a kind's lists only when that kind is picked.
function scrollToChosen(picker) {
  const list = picker.querySelector(".person-picker-list");
  const chosen = list && list.querySelector("input:checked");
  if (!chosen) return;
  const option = chosen.closest(".person-picker-option");
  const observer = new ResizeObserver(() => {
    if (!list.clientHeight) return;
    observer.disconnect();
    const offset = option.getBoundingClientRect().top - list.getBoundingClientRect().top;
    list.scrollTop += offset - (list.clientHeight - option.offsetHeight) / 2;
  });
  observer.observe(list);
}

// A member short only of the months together may introduce as the replacement introducer
// (Quy định 24-QĐ/TW, 3.2.2): their box opens when they are chosen as the replacement.
function followReplacement(form) {
  const replacement = form.querySelector("#id_replacement_introducer");
  form.querySelectorAll('[data-picker="introducers"] [data-replacement-only] input').forEach((input) => {
    input.disabled = !input.checked && (!replacement || input.value !== replacement.value);
  });
}

// When the step's date changes, the page asks the server again who may be chosen on that day
// (the same rule as the check) and updates each member's state and reason, keeping the ticks.
async function refreshPickers(form, day) {
  const url = `${window.location.pathname}?date=${encodeURIComponent(day)}`;
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  form.querySelectorAll(".person-picker-option").forEach((option) => {
    const input = option.querySelector("input");
    const picker = input.closest("[data-picker]").dataset.picker;
    const freshInput = page.querySelector(
      `[data-picker="${picker}"] input[value="${CSS.escape(input.value)}"]`,
    );
    if (!freshInput) return;
    const fresh = freshInput.closest(".person-picker-option");
    option.classList.toggle("is-ineligible", fresh.classList.contains("is-ineligible"));
    option.toggleAttribute("data-replacement-only", fresh.hasAttribute("data-replacement-only"));
    input.disabled = freshInput.disabled && !input.checked;
    const describedBy = freshInput.getAttribute("aria-describedby");
    if (describedBy) input.setAttribute("aria-describedby", describedBy);
    else input.removeAttribute("aria-describedby");
    option.querySelectorAll(".person-picker-reason").forEach((reason) => reason.remove());
    const reason = fresh.querySelector(".person-picker-reason");
    if (reason) option.append(document.importNode(reason, true));
  });
  followReplacement(form);
}

function setUpPickers() {
  const pickers = document.querySelectorAll(".person-picker");
  pickers.forEach(enhancePicker);
  pickers.forEach(scrollToChosen);
  const form = document.getElementById("step-form");
  if (!form || !pickers.length) return;
  const replacement = form.querySelector("#id_replacement_introducer");
  if (replacement) replacement.addEventListener("change", () => followReplacement(form));
  form.addEventListener("change", (event) => {
    if (event.target.matches('[data-picker="introducers"] input')) followReplacement(form);
  });
  const date = form.querySelector("#id_date");
  // Only when a list is in sight: a vote's date has its own request (the official members).
  const shown = () => [...pickers].some((picker) => picker.offsetParent !== null);
  if (date) date.addEventListener("change", () => shown() && refreshPickers(form, date.value));
  followReplacement(form);
}

document.addEventListener("DOMContentLoaded", () => {
  setUpStepForm();
  setUpConfirmations();
  setUpPickers();
});
