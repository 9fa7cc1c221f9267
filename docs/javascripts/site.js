/* GPT Lineage site behaviour: sortable capability matrix.
 *
 * Progressive enhancement: without JavaScript the matrix is a plain table. With it, each header
 * becomes a button; clicking sorts the rows by that column (cells carry a numeric data-sort
 * weight: ++ 2, + 1, empty 0, - -1, -- -2; the first column sorts by text) and the header's
 * aria-sort says the direction. Runs on Material's document$ (instant navigation) and marks each
 * table so it is never wired twice.
 */
(function () {
  "use strict";

  function sortKey(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    var weighted = cell.querySelector("[data-sort]");
    if (weighted) return parseFloat(weighted.getAttribute("data-sort"));
    return cell.textContent.trim().toLowerCase();
  }

  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var current = header.getAttribute("aria-sort");
    // Numeric columns start with the strongest gains first; text columns start A→Z.
    var numeric = typeof sortKey(body.rows[0], column) === "number";
    var direction = current === (numeric ? "descending" : "ascending")
      ? (numeric ? "ascending" : "descending")
      : (numeric ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, index) { row.dataset.lineageOrder = String(index); });
    rows.sort(function (a, b) {
      var x = sortKey(a, column), y = sortKey(b, column);
      var order = x < y ? -1 : x > y ? 1 : 0;
      if (direction === "descending") order = -order;
      return order || (+a.dataset.lineageOrder - +b.dataset.lineageOrder); // stable
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.setAttribute("aria-sort", th === header ? direction : "none");
    });
  }

  function makeSortable(table) {
    if (table.dataset.lineageSortable || !table.tHead || !table.tBodies.length) return;
    table.dataset.lineageSortable = "true";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lineage-sort";
      button.title = "Sort by this column";
      // Keep the header's content (a link to the model page) and add the button beside it.
      var label = th.textContent.trim();
      button.setAttribute("aria-label", "Sort by " + label);
      button.textContent = column === 0 ? label : "";
      if (column === 0) { th.textContent = ""; }
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () { sortBy(table, column, th); });
    });
  }

  function init() {
    document.querySelectorAll(".lineage-matrix table").forEach(makeSortable);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
