(function () {
  "use strict";
  var body = document.body;

  // Filters: only units with findings, one locale pair, hide matches.
  var form = document.getElementById("filters");
  var rows = document.querySelectorAll(".units .unit");
  var shown = document.getElementById("shown");
  function visible(row, pair, onlyFindings, hideMatches) {
    if (onlyFindings && !row.classList.contains(pair ? "find-" + pair : "has-findings")) { return false; }
    if (hideMatches && row.classList.contains(pair ? "same-" + pair : "same-all")) { return false; }
    return true;
  }
  function apply() {
    var pair = form.elements.pair.value;
    var onlyFindings = form.elements["only-findings"].checked;
    var hideMatches = form.elements["hide-matches"].checked;
    body.setAttribute("data-pair", pair);
    var count = 0;
    for (var i = 0; i < rows.length; i++) {
      var show = visible(rows[i], pair, onlyFindings, hideMatches);
      if (rows[i].hidden === show) { rows[i].hidden = !show; }
      if (show) { count++; }
    }
    shown.textContent = count + " of " + rows.length + " units shown";
  }
  if (form) {
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  // One tooltip for every mark: a term's English and note (from the glossary table,
  // which its aria-describedby names) or a conversion choice's explanation (data-tip).
  var tip = document.createElement("div");
  tip.id = "tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  body.appendChild(tip);
  function term(el) {
    var ref = el.getAttribute("aria-describedby");
    var target = ref ? document.getElementById(ref) : null;
    return target ? target.textContent : "";
  }
  function describe(el) {
    var text = el.getAttribute("data-tip");
    if (!text) { return term(el); }
    // A swap or a choice inside a glossary term: say both.
    var mark = el.parentElement ? el.parentElement.closest("mark") : null;
    return mark ? text + " — " + term(mark) : text;
  }
  function show(event) {
    var el = event.target.closest ? event.target.closest(".units .amb, .units .swp, .units mark") : null;
    if (!el) { tip.hidden = true; return; }
    var text = describe(el);
    if (!text) { tip.hidden = true; return; }
    tip.textContent = text;
    var box = el.getBoundingClientRect();
    tip.style.left = Math.round(window.scrollX + box.left) + "px";
    tip.style.top = Math.round(window.scrollY + box.bottom + 4) + "px";
    tip.hidden = false;
  }
  document.addEventListener("mouseover", show);
  document.addEventListener("focusin", show);
  document.addEventListener("focusout", function () { tip.hidden = true; });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { tip.hidden = true; }
  });
})();
