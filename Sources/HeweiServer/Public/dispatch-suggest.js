// 和为贵 intake: smart dispatch suggestions (issue 7). While the clerk types the request, ask the
// model for the likely category and unit. A confident suggestion is pre-selected (the clerk can
// change it); otherwise suggestions are only offered as chips. The form works without this file.
(function () {
  "use strict";
  var box = document.querySelector("[data-dispatch-suggest]");
  var content = document.getElementById("f-content");
  var category = document.getElementById("f-categoryCode");
  var unit = document.getElementById("f-dispatchTo");
  var address = document.getElementById("f-address");
  if (!box || !content || !window.fetch) return;

  // Once the clerk picks a category or unit by hand, suggestions no longer overwrite it.
  var chosenByHand = { category: false, unit: false };
  if (category) category.addEventListener("change", function (e) { if (e.isTrusted) chosenByHand.category = true; });
  if (unit) unit.addEventListener("change", function (e) { if (e.isTrusted) chosenByHand.unit = true; });

  function hasOption(select, value) {
    if (!select) return false;
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === value) return true;
    return false;
  }

  function choose(select, value) {
    if (!hasOption(select, value)) return;
    select.value = value;
    select.dispatchEvent(new Event("change"));
  }

  function row(label, items, select) {
    var p = document.createElement("p");
    p.className = "suggest-row";
    var strong = document.createElement("strong");
    strong.textContent = label + " ";
    p.appendChild(strong);
    items.forEach(function (s) {
      var chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip";
      chip.textContent = s.name + " " + Math.round(s.probability * 100) + "%";
      chip.disabled = !hasOption(select, s.code);
      chip.addEventListener("click", function () { choose(select, s.code); });
      p.appendChild(chip);
    });
    return p;
  }

  // What was suggested goes with the form, so the intake event records it and whether it was kept.
  function remember(answer) {
    var top = answer.model && answer.categories.length > 0;
    var fields = {
      suggestionModel: top ? String(answer.model.generation) : "",
      suggestionCategory: top ? answer.categories[0].code : "",
      suggestionUnit: top && answer.units.length > 0 ? answer.units[0].code : "",
      suggestionPreselected: top && answer.confident ? "true" : ""
    };
    Object.keys(fields).forEach(function (name) {
      var input = document.getElementById("f-" + name);
      if (input) input.value = fields[name];
    });
  }

  function show(answer) {
    box.textContent = "";
    remember(answer);
    if (!answer.model || answer.categories.length === 0) { box.hidden = true; return; }
    box.hidden = false;
    var head = document.createElement("p");
    head.className = "muted";
    head.textContent = answer.confident ? box.getAttribute("data-confident") : box.getAttribute("data-unsure");
    box.appendChild(head);
    box.appendChild(row(box.getAttribute("data-category"), answer.categories, category));
    if (answer.units.length > 0) box.appendChild(row(box.getAttribute("data-unit"), answer.units, unit));
    if (answer.confident && !chosenByHand.category) choose(category, answer.categories[0].code);
    if (answer.unitConfident && answer.units.length > 0 && !chosenByHand.unit) choose(unit, answer.units[0].code);
  }

  var timer = null, asked = "";
  function ask() {
    var text = content.value.trim();
    if (text.length < 4 || text === asked) return;
    asked = text;
    fetch("/api/v1/orders/suggestions?lang=" + (document.documentElement.lang === "en" ? "en" : "zh"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ content: text.slice(0, 4000), address: address ? address.value.slice(0, 200) : null })
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) { if (answer && asked === text) show(answer); })
      .catch(function () { box.hidden = true; });
  }
  content.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 400); });
  content.addEventListener("change", ask);
  ask();
})();
