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

document.addEventListener("DOMContentLoaded", () => {
  setUpStepForm();
  setUpConfirmations();
});
