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

    function update() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var rows = table.tBodies[0].rows, shown = 0;
      for (var r = 0; r < rows.length; r++) {
        var text = rows[r].textContent.toLowerCase();
        var keep = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
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
  document.documentElement.dataset.reportScript = "ready";
})();
