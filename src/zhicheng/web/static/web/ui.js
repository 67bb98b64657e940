// Small page helpers (CSP forbids inline script, so they live here):
// 打印 buttons, focus on the error summary, and the header of each column on a phone's stacked table cards.
(function () {
  "use strict";
  function focusErrors() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    summary.focus();
    if (summary.scrollIntoView) summary.scrollIntoView({ block: "center" });
  }
  function labelCells() {
    document.querySelectorAll("table.list").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!heads.length) return;
      table.classList.add("stackable");
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (cell, i) {
          if (heads[i] && !cell.hasAttribute("colspan")) cell.setAttribute("data-label", heads[i]);
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (el) {
      el.addEventListener("click", function () { window.print(); });
    });
    labelCells();
    focusErrors();
  });
})();
