/* GPT Lineage site behaviour: sortable capability matrix.
 *
 * Progressive enhancement: without JavaScript the matrix is a plain table. With it, each header
 * gets a sort button; clicking sorts the rows by that column (cells carry a numeric data-sort
 * weight: ++ 2, + 1, empty 0, - -1, -- -2; the first column sorts by the model name) and the header's
 * aria-sort says the direction; a third click restores the series grouping. A change cell shows
 * its details in one shared popover instead of a per-cell tooltip. Runs on Material's document$ (instant navigation) and marks each
 * table so it is never wired twice.
 */
(function () {
  "use strict";

  function sortKey(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    var weighted = cell.hasAttribute("data-sort") ? cell : cell.querySelector("[data-sort]");
    if (weighted) return parseFloat(weighted.getAttribute("data-sort"));
    // A model cell is its name (the link) followed by the release date: sort by the name alone, or
    // "DeepSeek-R1" + "2025-01" would come after "DeepSeek-R1-Zero" + "2025-01".
    var name = cell.querySelector("a");
    return (name || cell).textContent.trim().toLowerCase();
  }

  function dataRows(table) {
    var rows = [];
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        if (!row.classList.contains("lm-series")) rows.push(row);
      });
    });
    return rows;
  }

  // One click: descending for numbers (strongest gains first), ascending for text; the next click
  // reverses; on a matrix grouped by series (several <tbody>), a third click restores that order.
  function sortBy(table, column, header) {
    var rows = dataRows(table);
    if (!rows.length) return;
    if (!table.dataset.lineageOriginal) {
      rows.forEach(function (row, index) {
        row.dataset.lineageOrder = String(index);
        row.lineageBody = row.parentNode;
      });
      table.dataset.lineageOriginal = "true";
    }
    var grouped = table.tBodies.length > 1;
    var numeric = typeof sortKey(rows[0], column) === "number";
    var first = numeric ? "descending" : "ascending";
    var second = numeric ? "ascending" : "descending";
    var current = header.getAttribute("aria-sort");
    var direction = current === first ? second : current === second && grouped ? "none" : first;
    rows.sort(function (a, b) {
      var order = 0;
      if (direction !== "none") {
        var x = sortKey(a, column), y = sortKey(b, column);
        order = x < y ? -1 : x > y ? 1 : 0;
        if (direction === "descending") order = -order;
      }
      return order || (+a.dataset.lineageOrder - +b.dataset.lineageOrder); // stable
    });
    table.classList.toggle("lm-sorted", direction !== "none" && grouped);
    rows.forEach(function (row) {
      (direction === "none" || !grouped ? row.lineageBody : table.tBodies[0]).appendChild(row);
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.setAttribute("aria-sort", th === header ? direction : "none");
    });
  }

  function makeSortable(table) {
    if (table.dataset.lineageSortable || !table.tHead || !table.tBodies.length) return;
    table.dataset.lineageSortable = "true";
    var box = table.closest(".lineage-matrix");
    var template = (box && box.getAttribute("data-sort-label")) || "Sort by {label}";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lineage-sort";
      // Keep the header's content (a link to the model or ability page) and add the button beside it.
      var label = th.textContent.trim();
      button.setAttribute("aria-label", template.replace("{label}", label));
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () { sortBy(table, column, th); });
    });
  }

  // Cell details: one popover per matrix, filled on demand from the cell's visually hidden text
  // (no title attributes: nothing is set up per cell on load). Without JavaScript the cell is a
  // plain link to its row on the ability page.
  function wirePopover(box) {
    if (box.dataset.lineagePopover) return;
    box.dataset.lineagePopover = "true";
    var pop = document.createElement("div");
    pop.className = "lm-pop";
    pop.setAttribute("role", "dialog");
    pop.hidden = true;
    box.appendChild(pop);
    var opener = null;

    function close(returnFocus) {
      if (pop.hidden) return;
      pop.hidden = true;
      if (returnFocus && opener) opener.focus();
      opener = null;
    }

    function open(cell) {
      var table = cell.closest("table");
      var td = cell.closest("td");
      var row = td.parentNode;
      var model = row.cells[0].querySelector("a");
      var ability = table.tHead.rows[0].cells[td.cellIndex].querySelector("a");
      var title = (model ? model.textContent.trim() : "") + " · " + (ability ? ability.textContent.trim() : "");
      pop.textContent = "";
      var head = document.createElement("p");
      head.className = "lm-pop-title";
      head.textContent = title;
      var body = document.createElement("p");
      body.textContent = cell.textContent.trim();
      var more = document.createElement("a");
      more.href = cell.getAttribute("href");
      more.textContent = box.getAttribute("data-details") || "Details";
      var shut = document.createElement("button");
      shut.type = "button";
      shut.className = "lm-pop-close";
      shut.textContent = box.getAttribute("data-close") || "Close";
      shut.addEventListener("click", function () { close(true); });
      var foot = document.createElement("p");
      foot.appendChild(more);
      foot.appendChild(document.createTextNode(" "));
      foot.appendChild(shut);
      pop.appendChild(head);
      pop.appendChild(body);
      pop.appendChild(foot);
      pop.setAttribute("aria-label", title);
      var boxRect = box.getBoundingClientRect();
      var rect = cell.getBoundingClientRect();
      pop.hidden = false;
      var left = Math.min(rect.left - boxRect.left, box.clientWidth - pop.offsetWidth);
      pop.style.left = Math.max(0, left) + "px";
      pop.style.top = (rect.bottom - boxRect.top + 4) + "px";
      opener = cell;
      more.focus();
    }

    box.addEventListener("click", function (event) {
      var cell = event.target.closest("a.lm-cell");
      if (!cell || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
      event.preventDefault();
      if (opener === cell) { close(false); return; }
      open(cell);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close(true);
    });
    document.addEventListener("click", function (event) {
      if (!pop.hidden && !box.contains(event.target)) close(false);
    });
  }

  function init() {
    document.querySelectorAll(".lineage-matrix table").forEach(makeSortable);
    document.querySelectorAll(".lineage-matrix").forEach(wirePopover);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* Language alternates: Material requests `sitemap.xml` next to every `<link rel="alternate"
 * hreflang>` of a page, because it expects one site per language at sibling roots. This site's
 * alternates are the page itself in each language (for search engines and readers), so those
 * requests would all miss; they are sent to the sitemap of the page's own language root instead,
 * the one Material's instant navigation has loaded already (the browser's cache answers it).
 */
(function () {
  "use strict";
  var node = document.getElementById("__config");
  if (!node || typeof XMLHttpRequest === "undefined") return;
  var own = new URL("sitemap.xml", new URL(JSON.parse(node.textContent).base, location.href)).href;
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    var target = new URL(String(url), location.href);
    if (target.origin === location.origin && /\/sitemap\.xml$/.test(target.pathname) && target.href !== own) {
      args[1] = own;
    }
    return open.apply(this, args);
  };
})();
