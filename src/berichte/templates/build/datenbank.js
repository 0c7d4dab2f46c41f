/* berichte: Datenbank-Seite (datenbank.html). Plain JavaScript, no libraries, no network.
 *
 * The data (see berichte.publish.database) hold the published values rounded as the reports show them, as
 * integers scaled by 10^decimals, and per pair of years the "bedeutsam" flags computed in Python. Changes,
 * states and ranks are derived here with the same arithmetic as berichte.compute.comparison and
 * berichte.compute.siblings, so every row equals `berichte kennzahlen --jahr J --vergleich V`.
 */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("daten").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var YEAR_INDEX = {};
  D.years.forEach(function (y, i) { YEAR_INDEX[y] = i; });
  var MINUS = "\u2212", NBSP = "\u00a0";
  var MIN_SIBLINGS = 3;
  var state = { k: 0, level: 0, year: D.reportYear, from: null, filter: "", sort: null, desc: false,
                view: "tabelle", chosen: null };

  // --- numbers ---------------------------------------------------------------------------------------
  function roundHalfUp(x, d) {  // berichte.formatting.rounded_array, operation for operation
    var f = Math.pow(10, d), s = Math.abs(x) * f;
    var sign = x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN;  // numpy.sign: −0.0 gives 0.0, unlike Math.sign
    return sign * Math.floor(s + 0.5 + 1e-9 * Math.min(Math.max(s, 1), 1e6)) / f + 0.0;  // "+ 0.0": no −0
  }
  function pyFixed(x, d) {  // Python's f"{x:.{d}f}" for the values written here
    var text = x.toFixed(d);
    if (x === 0 && 1 / x < 0) text = "-" + text;
    return text;
  }
  function csvNumber(x, d) { return x === null || x !== x ? "" : pyFixed(x, d).replace(".", ","); }
  function german(x, d, sign) {  // berichte.formatting.number: 1.234,5 with U+2212 minus, no "−0,0"
    if (x === null || x !== x) return "";
    var r = roundHalfUp(x, d);
    var text = Math.abs(r).toFixed(d);
    var parts = text.split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    text = whole + (parts.length > 1 ? "," + parts[1] : "");
    if (r < 0) text = MINUS + text;
    else if (sign && r > 0) text = "+" + text;
    return text;
  }

  // --- the view's rows -----------------------------------------------------------------------------
  function cell(k, year, area) {
    var i = YEAR_INDEX[year];
    return i === undefined ? null : D.v[k][i][area];
  }
  function num(c, dec) { return typeof c === "number" ? c / Math.pow(10, dec) : null; }
  function noteText(k, year, area) {
    var i = YEAR_INDEX[year];
    if (i === undefined) return "";
    var n = D.notes[k][i][area];
    return n === undefined ? "" : D.noteTexts[n];
  }
  function areasOfLevel(level) {
    var out = [];
    for (var a = 0; a < D.areas.key.length; a++) if (D.areas.level[a] === level) out.push(a);
    return out;
  }
  function bitset(text) {  // berichte.publish.bitset: base64 of the bits, bit i = area i
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function shownYear(k, year) { return D.k[k].shownYear[YEAR_INDEX[year]]; }
  function yearsWithValues(k, level) {  // the years in which at least one area of the level has a shown value
    var areas = areasOfLevel(level);
    return D.years.filter(function (y) { return areas.some(function (a) { return typeof cell(k, y, a) === "number"; }); });
  }
  function yearList(years) {  // [2001, 2002, 2003, 2022] -> "2001–2003 und 2022"
    var runs = [];
    years.forEach(function (y) {
      var last = runs[runs.length - 1];
      if (last && y === last[1] + 1) last[1] = y; else runs.push([y, y]);
    });
    var parts = runs.map(function (r) { return r[0] === r[1] ? String(r[0]) : r[0] + "–" + r[1]; });
    return parts.length > 1 ? parts.slice(0, -1).join(", ") + " und " + parts[parts.length - 1] : parts.join("");
  }
  function comparable(result) {  // at least one area with values in both years
    return result.rows.some(function (r) { return r.to !== null && r.from !== null; });
  }

  function compute() {
    var k = state.k, K = D.k[k], J = state.year, V = state.from, dec = K.dec;
    var yTo = shownYear(k, J), yFrom = yTo - (J - V);
    var pair = D.sig[V + "-" + J] || { b: [] };
    var bits = bitset(pair.b[k] || "");
    var given = pair["c" + k];  // changes of a count with fractional values, as the table writes them
    var breaks = D.breaks.filter(function (b) {
      return b.k.indexOf(k) >= 0 && yFrom < b.year && b.year <= yTo;
    });
    var rows = areasOfLevel(state.level).map(function (a) {
      var cTo = cell(k, yTo, a), cFrom = cell(k, yFrom, a);
      var to = num(cTo, dec), from = num(cFrom, dec);
      var markTo = to === null ? (typeof cell(k, J, a) === "string" ? cell(k, J, a) : "") : "";
      var change = null, changeRel = null, shown = null, changeText = null, relText = null;
      if (given) {
        changeText = given[a][0]; relText = given[a][1];
        change = changeText === "" ? null : parseFloat(changeText.replace(",", "."));
        changeRel = relText === "" ? null : parseFloat(relText.replace(",", "."));
        shown = changeRel;
      } else if (to !== null && from !== null) {
        if (K.count) {
          change = to - from;
          changeRel = from !== 0 ? roundHalfUp((to / from - 1) * 100, 1) : null;
          shown = changeRel;
        } else {
          change = roundHalfUp(to - from, dec);  // difference of the shown values, as compute.comparison
          shown = change;
        }
      }
      var bedeutsam = bits.length > a >> 3 && ((bits[a >> 3] >> (a & 7)) & 1) === 1;
      var good = bedeutsam && shown !== null ? Math.sign(shown) * K.polarity : 0;
      var parent = D.areas.parent[a];
      var parentValue = parent >= 0 && K.comparable ? num(cell(k, yTo, parent), dec) : null;
      var notes = [];
      var nTo = noteText(k, yTo, a), nFrom = noteText(k, yFrom, a);
      if (nTo) notes.push(J + ": " + nTo);
      if (nFrom) notes.push(V + ": " + nFrom);
      breaks.forEach(function (b) { notes.push(b.label + " " + b.year + " (" + b.reason + "): Veränderung nicht bewertet"); });
      return {
        a: a, key: D.areas.key[a], name: D.areas.name[a], parent: parent, to: to, from: from,
        markTo: markTo, markFrom: from === null && typeof cFrom === "string" ? cFrom : "",
        markParent: parent >= 0 && K.comparable && parentValue === null && typeof cell(k, yTo, parent) === "string" ? cell(k, yTo, parent) : "",
        change: change, changeRel: changeRel, shown: shown, changeText: changeText, relText: relText,
        bedeutsam: bedeutsam, assessment: good > 0 ? "günstig" : good < 0 ? "ungünstig" : "",
        development: development(K, to, from, shown, bedeutsam, breaks.length > 0),
        parentValue: parentValue, note: notes.join("; "),
        rankHigh: null, rankFav: null, n: null, chosen: false
      };
    });
    ranks(rows, K);
    return { rows: rows, yTo: yTo, yFrom: yFrom, breaks: breaks };
  }

  function development(K, to, from, shown, bedeutsam, across) {  // compute.comparison._states + judgement.development_word
    var both = to !== null && from !== null && shown !== null && shown === shown;
    if (!both) return "";
    var big = Math.abs(shown) >= K.threshold - 1e-12;
    var st = "ohne_vergleich";
    if (big && !bedeutsam) st = K.tested ? "ungesichert" : "veraendert";
    if (!big) st = "gering";
    if (bedeutsam) st = "bedeutsam";
    if (shown === 0) st = "gleich";
    if (across) st = "bruch";
    return { gleich: "unverändert", gering: "kaum verändert", ungesichert: "nicht gesichert", bruch: "nicht bewertet",
             veraendert: shown > 0 ? "höher" : "niedriger", bedeutsam: shown > 0 ? "gestiegen" : "gesunken" }[st];
  }

  function ranks(rows, K) {  // compute.siblings.rank_among_siblings on the shown values, method "min"
    var groups = {};
    rows.forEach(function (r) {
      if (r.parent < 0) return;
      (groups[r.parent] = groups[r.parent] || []).push(r);
    });
    Object.keys(groups).forEach(function (g) {
      var members = groups[g].filter(function (r) { return r.to !== null; });
      var n = members.length;
      if (n < MIN_SIBLINGS) return;
      members.forEach(function (r) {
        var higher = 0, lower = 0;
        members.forEach(function (o) { if (o.to > r.to) higher++; if (o.to < r.to) lower++; });
        r.rankHigh = higher + 1; r.n = n;
        r.rankFav = K.polarity === -1 ? lower + 1 : K.polarity === 1 ? higher + 1 : null;
      });
    });
  }

  // --- controls ------------------------------------------------------------------------------------
  function option(value, text, selected) {
    var o = document.createElement("option");
    o.value = String(value); o.textContent = text; if (selected) o.selected = true;
    return o;
  }
  function fillControls() {
    var sel = $("kennzahl");
    D.themes.forEach(function (theme) {
      if (!theme.k.length) return;
      var group = document.createElement("optgroup");
      group.label = theme.title;
      theme.k.forEach(function (k) { group.appendChild(option(k, D.k[k].title + " (" + D.k[k].unit + ")", k === state.k)); });
      sel.appendChild(group);
    });
    D.levels.forEach(function (l, i) { $("ebene").appendChild(option(i, l.plural, i === state.level)); });
    D.years.slice(1).reverse().forEach(function (y) { $("jahr").appendChild(option(y, String(y), y === state.year)); });
    fillFromYears();
  }
  function fillFromYears() {
    var sel = $("vergleich");
    sel.textContent = "";
    var wanted = state.from !== null && state.from < state.year ? state.from : D.comparisonYears[String(state.year)];
    D.years.filter(function (y) { return y < state.year; }).reverse().forEach(function (y) {
      sel.appendChild(option(y, String(y), y === wanted));
    });
    state.from = wanted;
  }
  function readHash() {
    var h = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (p) {
      var kv = p.split("="); if (kv.length === 2) h[kv[0]] = decodeURIComponent(kv[1]);
    });
    var ids = D.k.map(function (k) { return k.id; });
    if (h.kennzahl && ids.indexOf(h.kennzahl) >= 0) state.k = ids.indexOf(h.kennzahl);
    var lv = D.levels.map(function (l) { return l.id; });
    if (h.ebene && lv.indexOf(h.ebene) >= 0) state.level = lv.indexOf(h.ebene);
    if (h.jahr && YEAR_INDEX[+h.jahr] > 0) state.year = +h.jahr;
    if (h.vergleich && YEAR_INDEX[+h.vergleich] !== undefined && +h.vergleich < state.year) state.from = +h.vergleich;
    return Boolean(h.kennzahl);
  }
  function firstComparableKennzahl() {  // open on a view that compares something, in the catalogue's order
    var order = [];
    D.themes.forEach(function (theme) { order = order.concat(theme.k); });
    for (var i = 0; i < order.length; i++) {
      state.k = order[i];
      if (comparable(compute())) break;
    }
    if (i === order.length) state.k = order.length ? order[0] : 0;
    $("kennzahl").value = String(state.k);
  }
  function writeHash() {
    var text = "#kennzahl=" + encodeURIComponent(D.k[state.k].id) + "&ebene=" + D.levels[state.level].id +
      "&jahr=" + state.year + "&vergleich=" + state.from;
    if (history.replaceState) { try { history.replaceState(null, "", text); } catch (e) { /* file:// in some browsers */ } }
  }

  // --- table ---------------------------------------------------------------------------------------
  function columns(K, J, V) {
    var unit = K.changeUnit === "%" ? "%" : K.changeUnit;
    var cols = [
      { id: "name", label: "Gebiet", text: true },
      { id: "to", label: "Wert " + J, num: true },
      { id: "from", label: "Wert " + V, num: true },
      { id: "change", label: "Veränderung " + V + "–" + J + " (" + unit + ")", num: true }
    ];
    if (K.count) cols.push({ id: "changeRel", label: "Veränderung " + V + "–" + J + " in %", num: true });
    cols.push({ id: "development", label: "Entwicklung", text: true });
    cols.push({ id: "bedeutsam", label: "Bedeutsam", text: true });
    cols.push({ id: "rank", label: K.polarity ? "Rang (günstigster Wert = 1)" : "Rang (höchster Wert = 1)", num: true });
    cols.push({ id: "parentValue", label: "Übergeordnetes Gebiet " + J, num: true });
    cols.push({ id: "note", label: "Hinweis", text: true });
    cols.push({ id: "chosen", label: "Zeitreihe", text: true, nosort: true });
    return cols;
  }
  function fillSorting(cols) {  // the same sorting for phone widths, where the column heads are hidden
    var sel = $("sortierung");
    sel.textContent = "";
    sel.appendChild(option("", "Reihenfolge der Gebiete", !state.sort));
    cols.forEach(function (col) {
      if (col.nosort) return;
      if (col.num) {
        sel.appendChild(option(col.id + ":ab", col.label + ", absteigend", state.sort === col.id && state.desc));
        sel.appendChild(option(col.id + ":auf", col.label + ", aufsteigend", state.sort === col.id && !state.desc));
      } else sel.appendChild(option(col.id + ":auf", col.label, state.sort === col.id));
    });
  }
  function sortValue(r, id, K) {
    if (id === "rank") return K.polarity ? r.rankFav : r.rankHigh;
    if (id === "bedeutsam") return r.bedeutsam ? (r.assessment || "ja") : "";
    return r[id];
  }
  function sorted(rows, K) {
    if (!state.sort) return rows.slice();
    var id = state.sort, dir = state.desc ? -1 : 1;
    return rows.slice().sort(function (x, y) {
      var a = sortValue(x, id, K), b = sortValue(y, id, K);
      var ea = a === null || a === "" || a === undefined, eb = b === null || b === "" || b === undefined;
      if (ea && eb) return x.name.localeCompare(y.name, "de");
      if (ea) return 1;  // empty cells last in either direction
      if (eb) return -1;
      var c = typeof a === "number" ? a - b : String(a).localeCompare(String(b), "de");
      return c !== 0 ? dir * c : x.name.localeCompare(y.name, "de");
    });
  }
  function profileLink(a, J) {
    var p = D.profiles[String(a)];
    if (!p) return null;
    if (p[String(J)]) return p[String(J)];
    var years = Object.keys(p).sort();
    return p[years[years.length - 1]];
  }
  function td(text, cls, label) {
    var c = document.createElement("td");
    c.textContent = text;
    if (cls) c.className = cls;
    if (label) c.setAttribute("data-label", label);
    return c;
  }
  function renderTable(result, K) {
    // column heads name the years whose values are shown (a Kennzahl without newer data shows earlier years)
    var J = result.yTo, V = result.yFrom, cols = columns(K, J, V);
    var head = $("tabelle").tHead, body = $("tabelle").tBodies[0];
    head.textContent = ""; body.textContent = "";
    var tr = document.createElement("tr");
    cols.forEach(function (col) {
      var th = document.createElement("th");
      th.scope = "col";
      if (col.num) th.className = "num";
      if (col.nosort) { th.textContent = col.label; tr.appendChild(th); return; }
      var b = document.createElement("button");
      b.type = "button"; b.textContent = col.label; b.setAttribute("data-sort", col.id);
      var arrow = document.createElement("span"); arrow.setAttribute("aria-hidden", "true"); arrow.className = "arrow";
      if (state.sort === col.id) {
        th.setAttribute("aria-sort", state.desc ? "descending" : "ascending");
        arrow.textContent = state.desc ? " ▼" : " ▲";
      } else { arrow.textContent = " ↕"; }
      b.appendChild(arrow);
      b.addEventListener("click", function () {
        if (state.sort === col.id) state.desc = !state.desc; else { state.sort = col.id; state.desc = !!col.num; }
        update(true);
      });
      th.appendChild(b); tr.appendChild(th);
    });
    head.appendChild(tr);
    fillSorting(cols);
    var filter = state.filter.trim().toLowerCase();
    var shownRows = sorted(result.rows, K).filter(function (r) {
      return !filter || r.name.toLowerCase().indexOf(filter) >= 0 || r.key.toLowerCase().indexOf(filter) >= 0;
    });
    var unitSuffix = K.percent ? NBSP + "%" : "";
    shownRows.forEach(function (r) {
      var row = document.createElement("tr");
      var th = document.createElement("th"); th.scope = "row";
      var link = profileLink(r.a, state.year);
      if (link) {
        var a = document.createElement("a"); a.href = link; a.textContent = r.name;
        a.title = "Sozialstruktur-Profil " + r.name; th.appendChild(a);
      } else th.textContent = r.name;
      var key = document.createElement("span"); key.className = "key"; key.textContent = r.key;
      th.appendChild(document.createTextNode(" ")); th.appendChild(key);
      row.appendChild(th);
      row.appendChild(td(r.to !== null ? german(r.to, K.dec) + unitSuffix : r.markTo, "num" + (r.markTo ? " mark" : ""), cols[1].label));
      row.appendChild(td(r.from !== null ? german(r.from, K.dec) + unitSuffix : r.markFrom, "num" + (r.markFrom ? " mark" : ""), cols[2].label));
      row.appendChild(td(r.change !== null ? german(r.change, K.dec, true) : "", "num", cols[3].label));
      if (K.count) row.appendChild(td(r.changeRel !== null ? german(r.changeRel, 1, true) : "", "num", cols[4].label));
      row.appendChild(td(r.development, "", "Entwicklung"));
      var sig = !K.tested ? "kein Test" : r.bedeutsam ? "ja" + (r.assessment ? " (" + r.assessment + ")" : "") : (r.to !== null && r.from !== null ? "nein" : "");
      row.appendChild(td(sig, r.bedeutsam ? "sig " + (r.assessment === "günstig" ? "good" : r.assessment === "ungünstig" ? "bad" : "") : "muted", "Bedeutsam"));
      var rank = K.polarity ? r.rankFav : r.rankHigh;
      row.appendChild(td(rank !== null ? rank + " von " + r.n : "", "num", "Rang"));
      row.appendChild(td(r.parentValue !== null ? german(r.parentValue, K.dec) + unitSuffix : r.markParent, "num", "Übergeordnetes Gebiet " + J));
      row.appendChild(td(r.note, "note", "Hinweis"));
      var c = document.createElement("td"); c.setAttribute("data-label", "Zeitreihe");
      var box = document.createElement("input"); box.type = "checkbox"; box.checked = state.chosen.indexOf(r.a) >= 0;
      box.setAttribute("aria-label", "Zeitreihe: " + r.name);
      box.addEventListener("change", function () {
        var i = state.chosen.indexOf(r.a);
        if (box.checked && i < 0) state.chosen.push(r.a);
        if (!box.checked && i >= 0) state.chosen.splice(i, 1);
        renderSeries(K);
      });
      c.appendChild(box); row.appendChild(c);
      body.appendChild(row);
    });
    return shownRows;
  }

  // --- CSV (the columns and cell formats of the Kennzahlen table, berichte.publish.export) ------------
  var FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];
  function csvText(text) {  // berichte.formatting.csv_text: text a spreadsheet would take for a formula gets "'"
    text = String(text);
    return FORMULA_STARTS.some(function (c) { return text.charAt(0) === c; }) ? "'" + text : text;
  }
  function csvField(text) {
    text = String(text);
    return /[;"\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csv(rows, K) {
    var J = state.year, V = state.from, dec = K.dec, level = D.levels[state.level];
    var theme = D.themes.filter(function (t) { return t.k.indexOf(state.k) >= 0; })[0];
    var header = ["Schlüssel", "Gebiet", "Ebene", "Übergeordnetes Gebiet", "Thema", "Kennzahl-ID", "Kennzahl", "Einheit",
      "Wert " + J, "Wert " + V, "Veränderung " + V + "–" + J, "Einheit der Veränderung"];
    if (K.count) header.push("Veränderung " + V + "–" + J + " in %");
    header = header.concat(["Entwicklung", "Bedeutsame Veränderung", "Bewertung der Veränderung", "Rang (höchster Wert = 1)",
      "Rang (günstigster Wert = 1)", "Zahl der Vergleichsgebiete", "Wert übergeordnetes Gebiet " + J, "Hinweis", "Quelle"]);
    var lines = [header.map(csvText).map(csvField).join(";")];
    var t = csvText;  // text cells (names, titles, notes …); numbers are written as numbers
    rows.forEach(function (r) {
      var line = [t(r.key), t(r.name), t(level.name), t(r.parent >= 0 ? D.areas.name[r.parent] : ""), t(theme ? theme.title : ""),
        t(K.id), t(K.title), t(K.unit), r.to !== null ? csvNumber(r.to, dec) : r.markTo, csvNumber(r.from, dec),
        r.changeText !== null ? r.changeText : csvNumber(r.change, dec), t(K.changeUnit)];
      if (K.count) line.push(r.relText !== null ? r.relText : csvNumber(r.changeRel, 1));
      line = line.concat([t(r.development), t(r.bedeutsam ? "ja" : "nein"), t(r.assessment), csvNumber(r.rankHigh, 0),
        csvNumber(r.rankFav, 0), csvNumber(r.n, 0), csvNumber(r.parentValue, dec), t(r.note), t(K.source)]);
      lines.push(line.map(csvField).join(";"));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  function download(rows, K) {
    var blob = new Blob([csv(rows, K)], { type: "text/csv;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "kennzahl-" + K.id + "-" + D.levels[state.level].id + "-" + state.from + "-" + state.year + ".csv";
    document.body.appendChild(a); a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  // --- map -----------------------------------------------------------------------------------------
  var SVGNS = "http://www.w3.org/2000/svg";
  function svg(name, attrs) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function quantile(sorted, q) {  // numpy.quantile, linear
    var pos = (sorted.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
  function classBreaks(values, classes, dec) {  // berichte.charts.maps.class_breaks
    var data = values.slice().sort(function (a, b) { return a - b; });
    if (data.length < 2 || data[0] === data[data.length - 1]) return [];
    var step = (data[data.length - 1] - data[0]) / classes;
    var digits = step > 0 ? Math.min(dec, -Math.floor(Math.log10(step / 2))) : dec;
    var out = [];
    for (var i = 1; i < classes; i++) {
      var f = Math.pow(10, digits), v = Math.round(quantile(data, i / classes) * f) / f;
      if (data[0] < v && v <= data[data.length - 1] && (!out.length || v > out[out.length - 1])) out.push(v);
    }
    return out;
  }
  function renderMap(result, K) {
    var box = $("karte");
    box.textContent = "";
    var shapes = D.map && D.map[String(state.level)];
    $("zeige-karte").disabled = !shapes;
    if (!shapes) {
      var p = document.createElement("p"); p.textContent = "Für diese Ebene gibt es keine Gebietsgrenzen; die Karte entfällt.";
      box.appendChild(p); return;
    }
    var values = result.rows.filter(function (r) { return r.to !== null; }).map(function (r) { return r.to; });
    var breaks = classBreaks(values, Math.min(5, Math.max(1, values.length)), K.dec);
    var palette = D.style.sequential[String(breaks.length + 1)] || [D.style.sequential["3"][1]];
    var unit = K.percent ? NBSP + "%" : "";
    var labels = !breaks.length ? ["alle Gebiete"] : ["unter " + german(breaks[0], K.dec) + unit].concat(
      breaks.slice(1).map(function (b, i) { return german(breaks[i], K.dec) + " bis unter " + german(b, K.dec) + unit; }),
      [german(breaks[breaks.length - 1], K.dec) + unit + " und mehr"]);
    var title = K.title + " " + result.yTo + (K.percent ? "" : " (" + K.unit + ")");
    var cap = document.createElement("figcaption"); cap.textContent = title + ", " + D.levels[state.level].plural;
    box.appendChild(cap);
    var s = svg("svg", { viewBox: "0 0 " + shapes.width + " " + shapes.height, role: "img",
                         "aria-label": "Karte: " + title + " nach " + D.levels[state.level].plural + ". Die Werte stehen in der Tabelle." });
    var defs = svg("defs");
    var pat = svg("pattern", { id: "schraffur", width: "6", height: "6", patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    pat.appendChild(svg("rect", { width: "6", height: "6", fill: D.style.na }));
    pat.appendChild(svg("line", { x1: "0", y1: "0", x2: "0", y2: "6", stroke: "#8c8c8c", "stroke-width": "1.6" }));
    defs.appendChild(pat); s.appendChild(defs);
    var marks = {};
    result.rows.forEach(function (r) {
      var d = shapes.paths[String(r.a)];
      if (!d) return;
      var fill, text;
      if (r.to !== null) {
        var c = 0; breaks.forEach(function (b) { if (r.to >= b) c++; });
        fill = palette[c]; text = german(r.to, K.dec) + unit;
      } else {
        var m = r.markTo || "–"; marks[m] = true;
        fill = m === "." ? "url(#schraffur)" : "#ffffff"; text = m === "." ? "gesperrt oder unbekannt (.)" : m === "x" ? "nicht berechenbar (x)" : "keine Angabe";
      }
      var path = svg("path", { d: d, fill: fill, stroke: D.style.border, "stroke-width": "0.8", "fill-rule": "evenodd" });
      path.setAttribute("data-key", r.key);
      var t = svg("title"); t.textContent = r.name + ": " + text; path.appendChild(t);
      s.appendChild(path);
    });
    if (result.rows.length <= 25 && shapes.spots) {  // names where they fit, as in the reports' maps
      result.rows.forEach(function (r) {
        var spot = shapes.spots[String(r.a)];
        if (!spot) return;
        var t = svg("text", { x: spot[0], y: spot[1] + 4, "text-anchor": "middle", class: "name" });
        t.textContent = D.areas.short[r.a]; s.appendChild(t);
      });
    }
    box.appendChild(s);
    var legend = document.createElement("ul"); legend.className = "legend";
    labels.forEach(function (label, i) {
      var li = document.createElement("li");
      var sw = document.createElement("span"); sw.className = "swatch"; sw.style.background = palette[i];
      li.appendChild(sw); li.appendChild(document.createTextNode(label)); legend.appendChild(li);
    });
    if (marks["."]) {
      var li = document.createElement("li");
      var sw = document.createElement("span"); sw.className = "swatch hatched";
      li.appendChild(sw); li.appendChild(document.createTextNode("„.“ Zahlenwert unbekannt oder geheim zu halten")); legend.appendChild(li);
    }
    if (marks["x"] || marks["–"]) {
      var lx = document.createElement("li");
      var sx = document.createElement("span"); sx.className = "swatch empty";
      lx.appendChild(sx); lx.appendChild(document.createTextNode(marks["x"] ? "„x“ nicht berechenbar" : "keine Angabe")); legend.appendChild(lx);
    }
    box.appendChild(legend);
    if (shapes.missing) {
      var note = document.createElement("p"); note.className = "muted";
      note.textContent = shapes.missing + " Gebiete dieser Ebene haben keine Gebietsgrenzen und fehlen in der Karte.";
      box.appendChild(note);
    }
  }

  // --- time series ---------------------------------------------------------------------------------
  function renderSeries(K) {
    var box = $("zeitreihe");
    box.textContent = "";
    var chosen = state.chosen.filter(function (a) { return D.areas.level[a] === state.level; });
    var lines = [];
    chosen.forEach(function (a, i) { lines.push({ a: a, colour: D.style.lines[i % D.style.lines.length], dash: "" }); });
    var parents = [];
    chosen.forEach(function (a) { var p = D.areas.parent[a]; if (p >= 0 && parents.indexOf(p) < 0 && chosen.indexOf(p) < 0) parents.push(p); });
    if (K.comparable) parents.forEach(function (p) { lines.push({ a: p, colour: D.style.parent, dash: "6 4", parent: true }); });
    if (!lines.length) {
      var p = document.createElement("p"); p.textContent = "Bitte in der Tabelle unter „Zeitreihe“ ein oder mehrere Gebiete wählen.";
      box.appendChild(p); return;
    }
    var series = lines.map(function (l) {
      return D.years.map(function (y) { return num(cell(state.k, y, l.a), K.dec); });
    });
    var all = [].concat.apply([], series).filter(function (v) { return v !== null; });
    var W = 640, H = 290, R = 16, T = 24, B = 30, L;
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "Zeitreihe " + K.title + ": " + lines.map(function (l) { return D.areas.name[l.a]; }).join(", ") + ". Die Werte stehen in der Tabelle darunter." });
    if (!all.length) {
      var q = document.createElement("p"); q.textContent = "Für die gewählten Gebiete gibt es keine veröffentlichten Werte.";
      box.appendChild(q); return;
    }
    var lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    if (!K.count && lo > 0 && lo < (hi - lo) * 2) lo = 0;
    if (hi === lo) { hi += 1; lo = Math.max(0, lo - 1); }
    var pad = (hi - lo) * 0.06; hi += pad; if (lo !== 0) lo -= pad;
    var ticks = niceTicks(lo, hi, 5), tickDec = tickDecimals(ticks);
    L = 14 + 7.2 * Math.max.apply(null, ticks.map(function (t) { return german(t, tickDec).length; }));
    var x = function (i) { return L + (W - L - R) * (D.years.length > 1 ? i / (D.years.length - 1) : 0.5); };
    var y = function (v) { return T + (H - T - B) * (1 - (v - lo) / (hi - lo)); };
    ticks.forEach(function (t) {
      s.appendChild(svg("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), stroke: "#dedede" }));
      var label = svg("text", { x: L - 6, y: y(t) + 4, "text-anchor": "end", class: "tick" });
      label.textContent = german(t, tickDec); s.appendChild(label);
    });
    var unitLabel = svg("text", { x: 2, y: 12, class: "tick" });
    unitLabel.textContent = K.unit; s.appendChild(unitLabel);
    var every = D.years.length > 8 ? 2 : 1;
    D.years.forEach(function (yr, i) {
      if ((D.years.length - 1 - i) % every) return;
      var label = svg("text", { x: x(i), y: H - 10, "text-anchor": "middle", class: "tick" });
      label.textContent = String(yr); s.appendChild(label);
    });
    var iFrom = YEAR_INDEX[state.from], iTo = YEAR_INDEX[state.year];
    s.insertBefore(svg("rect", { x: x(iFrom), y: T, width: Math.max(1, x(iTo) - x(iFrom)), height: H - T - B, fill: "#eef2f6" }), s.firstChild);
    lines.forEach(function (l, n) {
      var d = "", pen = false;
      series[n].forEach(function (v, i) {
        if (v === null) { pen = false; return; }
        d += (pen ? "L" : "M") + x(i).toFixed(1) + " " + y(v).toFixed(1); pen = true;
      });
      if (d) s.appendChild(svg("path", { d: d, fill: "none", stroke: l.colour, "stroke-width": l.parent ? "2" : "2.4", "stroke-dasharray": l.dash }));
      series[n].forEach(function (v, i) {
        if (v !== null) s.appendChild(svg("circle", { cx: x(i), cy: y(v), r: "2.6", fill: l.colour }));
      });
    });
    box.appendChild(s);
    var legend = document.createElement("ul"); legend.className = "legend lines";
    lines.forEach(function (l) {
      var li = document.createElement("li");
      var sw = document.createElement("span"); sw.className = "line" + (l.parent ? " dashed" : ""); sw.style.borderColor = l.colour;
      li.appendChild(sw); li.appendChild(document.createTextNode(D.areas.name[l.a] + (l.parent ? " (übergeordnetes Gebiet)" : "")));
      legend.appendChild(li);
    });
    box.appendChild(legend);
    var note = document.createElement("p"); note.className = "muted";
    note.textContent = "Hinterlegt: der Vergleichszeitraum " + state.from + "–" + state.year + ". Lücken: Wert gesperrt oder nicht vorhanden.";
    box.appendChild(note);
    // the same values as a table (for screen readers and for reading off exact values)
    var details = document.createElement("details");
    var summary = document.createElement("summary"); summary.textContent = "Werte der Zeitreihe als Tabelle";
    details.appendChild(summary);
    var wrap = document.createElement("div"); wrap.className = "table-wrap";
    var t = document.createElement("table"); t.className = "series";
    var hr = document.createElement("tr"); var h0 = document.createElement("th"); h0.scope = "col"; h0.textContent = "Jahr"; hr.appendChild(h0);
    lines.forEach(function (l) { var h = document.createElement("th"); h.scope = "col"; h.className = "num"; h.textContent = D.areas.name[l.a]; hr.appendChild(h); });
    var thead = document.createElement("thead"); thead.appendChild(hr); t.appendChild(thead);
    var tb = document.createElement("tbody");
    D.years.forEach(function (yr, i) {
      var tr = document.createElement("tr"); var th = document.createElement("th"); th.scope = "row"; th.textContent = String(yr); tr.appendChild(th);
      lines.forEach(function (l, n) {
        var c = cell(state.k, yr, l.a);
        tr.appendChild(td(series[n][i] !== null ? german(series[n][i], K.dec) : (typeof c === "string" ? c : ""), "num"));
      });
      tb.appendChild(tr);
    });
    t.appendChild(tb); wrap.appendChild(t); details.appendChild(wrap); box.appendChild(details);
  }
  function niceTicks(lo, hi, n) {
    var raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw))), step = mag;
    [1, 2, 2.5, 5, 10].some(function (m) { step = m * mag; return step >= raw; });
    var out = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(Math.round(t / step) * step);
    return out;
  }
  function tickDecimals(ticks) {
    var d = 0;
    ticks.forEach(function (t) { var s = String(+t.toFixed(6)); var i = s.indexOf("."); if (i >= 0) d = Math.max(d, s.length - i - 1); });
    return Math.min(d, 3);
  }

  // --- putting it together -------------------------------------------------------------------------
  var current = null;
  function update(keepFocus) {
    var K = D.k[state.k];
    var focused = keepFocus && document.activeElement && document.activeElement.getAttribute("data-sort");
    var result = compute();
    if (state.chosen === null || !state.chosen.some(function (a) { return D.areas.level[a] === state.level; })) {
      state.chosen = result.rows.length ? [result.rows[0].a] : [];
    }
    var level = D.levels[state.level];
    $("ueberschrift").textContent = K.title + " " + result.yTo + " gegenüber " + result.yFrom + " – " + level.plural;
    var lag = result.yTo !== state.year ? " Neuere Daten als " + result.yTo + " liegen für diese Kennzahl nicht vor: gezeigt wird " +
      result.yTo + " gegenüber " + result.yFrom + "." : "";
    if (!comparable(result)) {
      var years = yearsWithValues(state.k, state.level);
      lag += years.length ? " Werte dieser Kennzahl gibt es für die " + level.plural + " nur für " + yearList(years) +
        ": bitte Jahr und Vergleichsjahr daraus wählen." : " Für die " + level.plural + " gibt es keine Werte dieser Kennzahl.";
    }
    $("definition").textContent = K.definition + " Einheit: " + K.unit + ". Quelle: " + K.source + "." + lag;
    var rows = renderTable(result, K);
    current = { rows: rows, K: K };
    renderMap(result, K);
    renderSeries(K);
    var withheld = result.rows.filter(function (r) { return r.markTo === "."; }).length;
    var sig = result.rows.filter(function (r) { return r.bedeutsam; }).length;
    var filterNote = rows.length !== result.rows.length ? rows.length + " von " + result.rows.length + " " + level.plural : rows.length + " " + (rows.length === 1 ? level.name : level.plural);
    $("status").textContent = filterNote + ": " + K.title + " " + result.yTo + ", Vergleichsjahr " + result.yFrom + ". " +
      (K.tested ? sig + (sig === 1 ? " bedeutsame Veränderung" : " bedeutsame Veränderungen") + ". " : "") +
      (withheld ? withheld + (withheld === 1 ? " Wert gesperrt („.“). " : " Werte gesperrt („.“). ") : "") +
      (state.sort ? "Sortiert nach „" + columns(K, result.yTo, result.yFrom).filter(function (c) { return c.id === state.sort; })[0].label +
        "“, " + (state.desc ? "absteigend." : "aufsteigend.") : "");
    writeHash();
    if (focused) { var b = document.querySelector('[data-sort="' + focused + '"]'); if (b) b.focus(); }
  }
  function setView(view) {
    state.view = view;
    $("zeige-tabelle").setAttribute("aria-pressed", String(view === "tabelle"));
    $("zeige-karte").setAttribute("aria-pressed", String(view === "karte"));
    $("tabelle-bereich").hidden = view !== "tabelle";
    $("karte-bereich").hidden = view !== "karte";
  }
  function init() {
    state.level = Math.min(1, D.levels.length - 1);
    if (YEAR_INDEX[state.year] === undefined || YEAR_INDEX[state.year] === 0) state.year = D.years[D.years.length - 1];
    var chosenByLink = readHash();
    fillControls();
    if (!chosenByLink) firstComparableKennzahl();
    $("kennzahl").addEventListener("change", function (e) { state.k = +e.target.value; update(); });
    $("ebene").addEventListener("change", function (e) { state.level = +e.target.value; state.chosen = null; update(); });
    $("jahr").addEventListener("change", function (e) { state.year = +e.target.value; fillFromYears(); update(); });
    $("vergleich").addEventListener("change", function (e) { state.from = +e.target.value; update(); });
    $("filter").addEventListener("input", function (e) { state.filter = e.target.value; update(); });
    $("zeige-tabelle").addEventListener("click", function () { setView("tabelle"); });
    $("zeige-karte").addEventListener("click", function () { setView("karte"); });
    $("sortierung").addEventListener("change", function (e) {
      var v = e.target.value.split(":");
      state.sort = v[0] || null; state.desc = v[1] === "ab"; update();
    });
    $("csv").addEventListener("click", function () { download(current.rows, current.K); });
    setView("tabelle");
    update();
    if (window.performance && performance.mark) performance.mark("datenbank-bereit");
    document.body.setAttribute("data-ready", "true");
  }
  init();
})();
