// Sorting and filtering for every table.data of the report; no data lives in this script.
(function () {
  "use strict";

  // [rank, value]: numbers (data-v) before text, empty cells last.
  function sortKey(cell) {
    if (!cell) return [2, ""];
    var v = cell.getAttribute("data-v");
    if (v !== null && v !== "" && !isNaN(parseFloat(v))) return [0, parseFloat(v)];
    var text = cell.textContent.trim().toLowerCase();
    return text === "" ? [2, ""] : [1, text];
  }

  function compare(a, b) {
    if (a[0] !== b[0]) return a[0] - b[0];
    return a[0] === 0 ? a[1] - b[1] : a[1].localeCompare(b[1]);
  }

  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var keyed = Array.prototype.map.call(body.rows, function (row, i) {
      return { row: row, key: sortKey(row.cells[index]), i: i };
    });
    keyed.sort(function (a, b) {
      var emptyA = a.key[0] === 2, emptyB = b.key[0] === 2;
      if (emptyA || emptyB) return (emptyA - emptyB) || (a.i - b.i);
      return dir * compare(a.key, b.key) || (a.i - b.i);
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
  }

  // A row's own text: a cell holding nested lines counts only its summary, so a filter
  // matches the row, not the lines folded inside it.
  function ownText(cell) {
    var summary = cell.querySelector("details.lines > summary");
    return (summary ? summary.textContent : cell.textContent).trim();
  }

  function rowText(row) {
    return Array.prototype.map.call(row.cells, ownText).join(" ").toLowerCase();
  }

  // Columns marked data-filter get a choice of their values; returns a test for a row.
  function columnFilters(table, onChange) {
    var chosen = [];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (!th.hasAttribute("data-filter")) return;
      var values = {};
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        if (row.cells[i]) values[ownText(row.cells[i])] = true;
      });
      var select = document.createElement("select");
      select.className = "column-filter";
      select.setAttribute("aria-label", "Only rows with this " + th.textContent.trim());
      select.appendChild(new Option("all", ""));
      Object.keys(values).sort().forEach(function (v) { select.appendChild(new Option(v, v)); });
      select.addEventListener("change", onChange);
      th.appendChild(select);
      chosen.push({ index: i, select: select });
    });
    return function (row) {
      return chosen.every(function (f) {
        return !f.select.value || (row.cells[f.index] && ownText(row.cells[f.index]) === f.select.value);
      });
    };
  }

  function enhanceNested(table) {
    var rows = table.tBodies[0].rows;
    var keep = columnFilters(table, function () {
      for (var r = 0; r < rows.length; r++) rows[r].hidden = !keep(rows[r]);
    });
  }

  function reveal(id) {
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var node = target.parentNode; node; node = node.parentNode) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    target.scrollIntoView({ block: "center" });
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, i, th); });
    });

    var bar = document.createElement("div");
    bar.className = "toolbar";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows (all words must match)";
    input.setAttribute("aria-label", "Filter rows");
    bar.appendChild(input);
    var flagged = null;
    if (table.dataset.flagLabel) {
      var label = document.createElement("label");
      flagged = document.createElement("input");
      flagged.type = "checkbox";
      label.appendChild(flagged);
      label.appendChild(document.createTextNode(" " + table.dataset.flagLabel));
      bar.appendChild(label);
    }
    var count = document.createElement("span");
    count.className = "count";
    bar.appendChild(count);

    var byColumn = columnFilters(table, function () { update(); });

    function update() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var rows = table.tBodies[0].rows, shown = 0;
      for (var r = 0; r < rows.length; r++) {
        var text = rowText(rows[r]);
        var keep = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
          byColumn(rows[r]) &&
          (!flagged || !flagged.checked || rows[r].classList.contains("flag"));
        rows[r].hidden = !keep;
        if (keep) shown++;
      }
      count.textContent = shown + " of " + rows.length + " rows";
      table.dataset.shown = String(shown);
    }
    input.addEventListener("input", update);
    if (flagged) flagged.addEventListener("change", update);
    var wrap = table.closest(".table-wrap") || table;
    wrap.parentNode.insertBefore(bar, wrap);
    update();
    table.dataset.enhanced = "1";
  }

  document.querySelectorAll("table.data").forEach(enhance);
  document.querySelectorAll("table.nested[data-filters]").forEach(enhanceNested);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    if (link) reveal(link.getAttribute("href").slice(1));
  });
  window.addEventListener("hashchange", function () { reveal(location.hash.slice(1)); });
  reveal(location.hash.slice(1));
  document.documentElement.dataset.reportScript = "ready";
})();
