/* Evolution tree: highlight, tooltip, filters, search, URL state, pan and zoom.
 *
 * Everything is read from the page that render/tree.py and render/tree_page.py wrote: node and edge
 * ids, classes and data-* attributes in the SVG, display names in the root's data-names and its
 * interface words, in the page's language, in data-i18n (JSON attributes, not JSON <script> blocks:
 * Material's instant navigation would run those as code). The script holds no words of its own and
 * never re-derives the lineage. One entry point, init(root); it is started on Material's document$ (every
 * instant-navigation page change) and marks each root, so running it twice adds no listeners. All
 * listeners live on elements inside the root, so they go away with the page.
 */
(function () {
  "use strict";

  if (window.lineageTree) return; // the file was loaded twice: keep the first copy

  var MIN_READABLE = 0.8; // px per SVG unit below which node text gets hard to read on a phone
  var MIN_FIT = 0.2; // the first view fits the tree's width, unless that takes a smaller scale than this
  var DESKTOP = 600; // px of stage width from which the first view keeps node names >= 10 px
  var MIN_DESKTOP = 0.75; // 13.5 px names x 0.75 = 10 px
  var MAX_SCALE = 4;
  var instances = [];

  // Every model's full set of ancestors (adjacency = parents) or descendants (adjacency = children),
  // computed once: a set is its neighbours plus their sets, memoised, so the whole table costs one
  // pass over the graph and a hover only reads it. A cycle (bad data) is cut where it closes.
  function closures(ids, adjacency) {
    var done = {};
    var busy = {};
    function of(id) {
      if (done[id]) return done[id];
      if (busy[id]) return new Set();
      busy[id] = true;
      var all = new Set();
      (adjacency[id] || []).forEach(function (next) {
        all.add(next);
        of(next).forEach(function (n) { all.add(n); });
      });
      done[id] = all;
      return all;
    }
    ids.forEach(of);
    return done;
  }

  function init(root) {
    if (root.dataset.ltReady) return null;
    root.dataset.ltReady = "1";

    var svg = root.querySelector("svg.lt-svg");
    var stage = root.querySelector(".lt-stage");
    var controls = root.querySelector(".lt-controls");
    var tooltip = root.querySelector(".lt-tooltip");
    var status = root.querySelector(".lt-status");
    var form = controls.querySelector("form.lt-search");
    var abilitySelect = controls.querySelector('select[name="ability"]');
    var abilityLink = controls.querySelector(".lt-ability-link");
    var methodSelect = controls.querySelector('select[name="method"]');
    var gradeBoxes = Array.prototype.slice.call(controls.querySelectorAll('input[name="grade"]'));
    var openBox = controls.querySelector('input[name="open"]');
    var names = JSON.parse(root.dataset.names);
    var words = JSON.parse(root.dataset.i18n || "{}");
    var lang = words.lang || "en";

    // An interface sentence from data-i18n with its {name} places filled.
    function say(key, values) {
      return String(words[key] || "").replace(/\{(\w+)\}/g, function (all, name) {
        return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
      });
    }
    var years = Array.prototype.slice.call(svg.querySelectorAll(".lt-year")); // kept at the left edge
    var bands = Array.prototype.slice.call(svg.querySelectorAll(".lt-band")); // drawn across the whole view
    var svgWidth = parseFloat(svg.dataset.width);
    var svgHeight = parseFloat(svg.dataset.height);

    // --- the graph, as the SVG describes it ---------------------------------------------------
    var nodes = {};
    var order = [];
    svg.querySelectorAll("a.lt-node").forEach(function (a) {
      nodes[a.dataset.model] = a;
      order.push(a.dataset.model);
    });
    var edges = Array.prototype.slice.call(svg.querySelectorAll("g.lt-edge"));
    var up = {};
    var down = {};
    var edgesInto = {}; // child id -> its incoming edge elements
    edges.forEach(function (e) {
      (up[e.dataset.child] = up[e.dataset.child] || []).push(e.dataset.parent);
      (down[e.dataset.parent] = down[e.dataset.parent] || []).push(e.dataset.child);
      (edgesInto[e.dataset.child] = edgesInto[e.dataset.child] || []).push(e);
    });
    // Successions ("presented as the successor of") are drawn but are not ancestry: kept apart.
    var succs = Array.prototype.slice.call(svg.querySelectorAll("g.lt-succ"));
    var succOf = {}; // model id -> succession elements touching it
    succs.forEach(function (e) {
      (succOf[e.dataset.from] = succOf[e.dataset.from] || []).push(e);
      (succOf[e.dataset.to] = succOf[e.dataset.to] || []).push(e);
    });
    var ancestorsOf = closures(order, up);
    var descendantsOf = closures(order.slice().reverse(), down);

    var abilities = {}; // model id -> [{ability, change, grade}], parsed once
    var badges = {};
    order.forEach(function (id) {
      var raw = nodes[id].dataset.abilities;
      abilities[id] = raw ? raw.split(" ").map(function (s) {
        var p = s.split(":");
        return { ability: p[0], change: p[1], grade: p[2] };
      }) : [];
      badges[id] = nodes[id].querySelector(".lt-badge");
    });

    function abilitiesOf(id) {
      return abilities[id];
    }

    // Each ability's provenance set, as the render wrote it on its <option> (tree.provenance: the
    // same set the ability page draws): the models recording a change, the models on the lines
    // between them, and the address of the ability's page in this language.
    var provenance = {};
    Array.prototype.forEach.call(abilitySelect.options, function (o) {
      if (!o.value) return;
      var records = {};
      (o.dataset.records || "").split(" ").filter(Boolean).forEach(function (s) {
        var cut = s.lastIndexOf(":");
        records[s.slice(0, cut)] = s.slice(cut + 1);
      });
      var between = new Set((o.dataset.between || "").split(" ").filter(Boolean));
      provenance[o.value] = { records: records, between: between, page: o.dataset.page || "" };
    });

    function abilityName(id) {
      var ability = names.abilities[id] || { en: id };
      return ability[lang] || ability.en;
    }

    var state = { model: "", ability: "", method: "", grades: null, open: false, view: null };

    // --- highlight: ancestors and descendants -----------------------------------------------
    var lit = [];
    var hovered = "";

    // Cost of a hover is the highlighted set (classes on those elements only). The svg's lt-active
    // class, which dims everything else, stays on while moving from one model to the next: toggling
    // it restyles every element of the tree (the bulk of the time at 1,000 models).
    function clearHighlight(keepActive) {
      lit.forEach(function (el) {
        el.classList.remove("lt-hl", "lt-current", "lt-ancestor", "lt-descendant");
      });
      lit = [];
      if (keepActive) return; // the tooltip too stays shown, its content is replaced
      svg.classList.remove("lt-active");
      tooltip.hidden = true;
    }

    function highlight(id) {
      var next = Boolean(id && nodes[id]);
      clearHighlight(next);
      if (!next) return;
      var ancestors = ancestorsOf[id];
      var descendants = descendantsOf[id];
      svg.classList.add("lt-active");
      nodes[id].classList.add("lt-current", "lt-hl");
      lit.push(nodes[id]);
      ancestors.forEach(function (n) { nodes[n].classList.add("lt-hl", "lt-ancestor"); lit.push(nodes[n]); });
      descendants.forEach(function (n) { nodes[n].classList.add("lt-hl", "lt-descendant"); lit.push(nodes[n]); });
      // Lit edges: into the model or an ancestor from an ancestor; into a descendant from the model
      // or a descendant. Only the highlighted models' incoming edges are looked at.
      function light(child, fromSet) {
        (edgesInto[child] || []).forEach(function (e) {
          var p = e.dataset.parent;
          if (fromSet.has(p) || (fromSet === descendants && p === id)) {
            e.classList.add("lt-hl");
            lit.push(e);
          }
        });
      }
      light(id, ancestors);
      ancestors.forEach(function (n) { light(n, ancestors); });
      descendants.forEach(function (n) { light(n, descendants); });
      (succOf[id] || []).forEach(function (e) { e.classList.add("lt-hl"); lit.push(e); });
      showTooltip(id);
      announce("change");
    }

    function text(tag, className, content) {
      var el = document.createElement(tag);
      if (className) el.className = className;
      el.textContent = content;
      return el;
    }

    function showTooltip(id) {
      var a = nodes[id];
      tooltip.replaceChildren();
      tooltip.appendChild(text("strong", "", a.dataset.name));
      var meta = document.createElement("div");
      meta.className = "lt-tip-meta";
      if (a.dataset.api) meta.appendChild(text("code", "", a.dataset.api));
      meta.appendChild(text("span", "", " " + say("released", { date: a.dataset.date })));
      tooltip.appendChild(meta);
      var org = document.createElement("div");
      org.className = "lt-tip-org";
      org.appendChild(text("span", "", say("org", { org: a.dataset.org || "", series: a.dataset.series || "" })));
      if (a.dataset.open) {
        org.appendChild(document.createTextNode(" · "));
        org.appendChild(text("span", "lt-tip-open", a.dataset.licence ? say("open_licence", { licence: a.dataset.licence })
          : say("open_weights")));
      }
      tooltip.appendChild(org);
      var before = [];
      var after = [];
      (succOf[id] || []).forEach(function (e) {
        if (e.dataset.to === id && nodes[e.dataset.from]) before.push(nodes[e.dataset.from].dataset.name);
        if (e.dataset.from === id && nodes[e.dataset.to]) after.push(nodes[e.dataset.to].dataset.name);
      });
      if (before.length) tooltip.appendChild(text("p", "lt-tip-succ", say("succeeds", { names: before.join(", ") })));
      if (after.length) tooltip.appendChild(text("p", "lt-tip-succ", say("succeeded_by", { names: after.join(", ") })));
      var gains = abilitiesOf(id);
      if (gains.length) {
        var list = document.createElement("ul");
        gains.forEach(function (g) {
          var item = document.createElement("li");
          var change = text("span", "lt-tip-change", g.change.replace(/-/g, "\u2212"));
          change.title = names.changes[g.change] || g.change;
          item.appendChild(change);
          var ability = names.abilities[g.ability] || { en: g.ability };
          item.appendChild(document.createTextNode(" "));
          var page = provenance[g.ability] && provenance[g.ability].page;
          if (page) {
            var link = text("a", "lt-tip-ability", ability[lang] || ability.en);
            link.href = page;
            item.appendChild(link);
          } else {
            item.appendChild(document.createTextNode(ability[lang] || ability.en));
          }
          if (lang === "en" && ability.zh && ability.zh !== ability.en) { // an English page names it in Chinese too
            var zh = text("span", "lt-tip-zh", " " + ability.zh);
            zh.lang = "zh";
            item.appendChild(zh);
          }
          list.appendChild(item);
        });
        tooltip.appendChild(list);
      } else {
        tooltip.appendChild(text("p", "lt-tip-none", say("no_changes")));
      }
      tooltip.appendChild(text("p", "lt-tip-hint", say("hint")));
      tooltip.dataset.model = id;
      tooltip.hidden = false;
      placeTooltip(a);
    }

    function placeTooltip(a) {
      // Beside the node if there is room (so the highlighted lineage above and below stays in
      // sight), otherwise below it, otherwise above; always inside the stage.
      var box = a.getBoundingClientRect();
      var frame = stage.getBoundingClientRect();
      var width = tooltip.offsetWidth;
      var height = tooltip.offsetHeight;
      var left = box.right - frame.left + 8;
      var top = box.top - frame.top;
      if (left + width > stage.clientWidth) left = box.left - frame.left - width - 8;
      if (left < 0) {
        left = box.left - frame.left;
        top = box.bottom - frame.top + 6;
        if (top + height > stage.clientHeight && box.top - frame.top > height) top = box.top - frame.top - height - 6;
      }
      tooltip.style.left = Math.max(4, Math.min(left, stage.clientWidth - width - 4)) + "px";
      tooltip.style.top = Math.max(4, Math.min(top, stage.clientHeight - height - 4)) + "px";
    }

    function select(id) {
      state.model = id && nodes[id] ? id : "";
      highlight(state.model);
      writeURL();
    }

    // --- filters --------------------------------------------------------------------------------
    var allGrades = gradeBoxes.map(function (b) { return b.value; });

    function applyFilters() {
      var grades = state.grades || new Set(allGrades);
      var filtering = Boolean(state.ability || state.method || state.open || grades.size < allGrades.length);
      svg.classList.toggle("lt-filtering", filtering);
      var madeBy = {};
      var prov = state.ability ? provenance[state.ability] : null;
      function inProvenance(id) {
        return !prov || Object.prototype.hasOwnProperty.call(prov.records, id) || prov.between.has(id);
      }
      edges.forEach(function (e) {
        var ok = (!state.method || e.dataset.method === state.method) && grades.has(e.dataset.grade) &&
          inProvenance(e.dataset.parent) && inProvenance(e.dataset.child);
        e.classList.toggle("lt-match", filtering && ok);
        e.classList.toggle("lt-miss", filtering && !ok);
        if (ok && state.method) madeBy[e.dataset.child] = true;
      });
      var count = 0;
      var records = 0;
      var between = 0;
      order.forEach(function (id) {
        var node = nodes[id];
        var change = prov && Object.prototype.hasOwnProperty.call(prov.records, id) ? prov.records[id] : "";
        var ok = inProvenance(id) && (!state.method || madeBy[id] === true) && (!state.open || node.dataset.open === "1");
        var nodeFilter = Boolean(state.ability || state.method || state.open);
        var lineOnly = Boolean(prov && ok && !change); // on the lines between recording models
        node.classList.toggle("lt-match", nodeFilter && ok && !lineOnly);
        node.classList.toggle("lt-between", lineOnly);
        node.classList.toggle("lt-miss", nodeFilter && !ok);
        var badge = change.replace(/-/g, "\u2212");
        if (badges[id].textContent !== badge) badges[id].textContent = badge;
        node.classList.toggle("lt-loss", change.charAt(0) === "-");
        if (nodeFilter && ok) count += 1;
        if (ok && change) records += 1;
        if (lineOnly) between += 1;
      });
      succs.forEach(function (e) {
        var miss = filtering && (!grades.has(e.dataset.grade) || nodes[e.dataset.from].classList.contains("lt-miss") ||
          nodes[e.dataset.to].classList.contains("lt-miss"));
        e.classList.toggle("lt-miss", miss);
      });
      if (prov) {
        status.textContent = say("provenance", { records: records, between: between, ability: abilityName(state.ability) });
      } else if (state.method || state.open) {
        status.textContent = say(count === 1 ? "matches_one" : "matches_many", { count: count });
      } else {
        status.textContent = "";
      }
      if (prov && prov.page) {
        abilityLink.href = prov.page;
        abilityLink.textContent = say("ability_link", { ability: abilityName(state.ability) });
        abilityLink.hidden = false;
      } else {
        abilityLink.hidden = true;
        abilityLink.removeAttribute("href");
      }
      announce("filter");
    }

    function readControls() {
      state.ability = abilitySelect.value;
      state.method = methodSelect.value;
      var checked = gradeBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      state.grades = checked.length === allGrades.length ? null : new Set(checked);
      state.open = Boolean(openBox && openBox.checked);
      applyFilters();
      writeURL();
    }

    function writeControls() {
      abilitySelect.value = state.ability;
      methodSelect.value = state.method;
      gradeBoxes.forEach(function (b) { b.checked = !state.grades || state.grades.has(b.value); });
      if (openBox) openBox.checked = state.open;
    }

    // --- search -----------------------------------------------------------------------------------
    function find(query) {
      var q = query.trim().toLowerCase();
      if (!q) return "";
      var tests = [
        function (s) { return s === q; },
        function (s) { return s.indexOf(q) === 0; },
        function (s) { return s.indexOf(q) >= 0; }
      ];
      for (var t = 0; t < tests.length; t++) {
        for (var i = 0; i < order.length; i++) {
          var d = nodes[order[i]].dataset;
          if ([d.name, d.api, d.model].some(function (s) { return s && tests[t](s.toLowerCase()); })) return order[i];
        }
      }
      return "";
    }

    function jumpTo(id) {
      readable(id);
      nodes[id].focus({ preventScroll: true });
      select(id);
    }

    // --- pan and zoom: the view is a viewBox (x, y = top-left in SVG units; k = px per unit) ------
    var view = { x: 0, y: 0, k: 1 };

    function size() {
      return { w: stage.clientWidth || 1, h: stage.clientHeight || 1 };
    }

    function minScale() {
      var s = size();
      return Math.min(0.2, s.w / svgWidth, s.h / svgHeight);
    }

    function shade(className, on) {
      if (stage.classList.contains(className) !== on) stage.classList.toggle(className, on);
    }

    function applyView() {
      var s = size();
      svg.setAttribute("viewBox", [view.x, view.y, s.w / view.k, s.h / view.k].map(function (v) {
        return Math.round(v * 10) / 10;
      }).join(" "));
      years.forEach(function (t) { t.setAttribute("x", Math.round(Math.max(8, view.x + 8 / view.k))); });
      // Shading at a side where the tree goes on beyond the stage, so a cut-off view reads as one.
      shade("lt-more-left", view.x > 0.5);
      shade("lt-more-right", view.x + s.w / view.k < svgWidth - 0.5);
      shade("lt-more-top", view.y > 0.5);
      shade("lt-more-bottom", view.y + s.h / view.k < svgHeight - 0.5);
      bands.forEach(function (b) {
        b.setAttribute("x", Math.floor(Math.min(0, view.x)));
        b.setAttribute("width", Math.ceil(Math.max(svgWidth, view.x + s.w / view.k) - Math.min(0, view.x)));
      });
      var shown = hovered || state.model;
      if (shown && !tooltip.hidden) placeTooltip(nodes[shown]);
    }

    // The first view shows the tree's whole width (on a phone too: the shape of the lineage at a
    // glance; zoom in to read, or pick a model and it is zoomed to). Only a tree so wide that this
    // takes a scale below MIN_FIT (hundreds of models) starts readable at its first model instead,
    // its cut-off side shaded. The stylesheet sizes the stage by the same rule (lineage.css, TREE).
    function resetView() {
      var s = size();
      var fit = Math.min(1, s.w / svgWidth);
      if (s.w >= DESKTOP && fit < MIN_DESKTOP) {
        // A desktop keeps names readable (>= 10 px): as much of the width as that allows, from the
        // left (the year gutter and the first series), the rest a pan away (shaded side).
        view = { k: MIN_DESKTOP, x: 0, y: 0 };
      } else if (fit >= MIN_FIT) {
        view = { k: fit, x: (svgWidth - s.w / fit) / 2, y: 0 };
      } else {
        var first = nodes[order[0]] ? parseFloat(nodes[order[0]].querySelector(".lt-box").getAttribute("x")) : 0;
        var x = Math.max(0, Math.min(first - 40, svgWidth - s.w / MIN_READABLE));
        view = { k: MIN_READABLE, x: x, y: 0 };
      }
      applyView();
    }

    // A model reached by search, by keyboard or from the address: centred, at least readable.
    function readable(id) {
      if (view.k < MIN_READABLE) view.k = MIN_READABLE;
      centreOn(id);
    }

    function zoomAt(factor, px, py) {
      var k = Math.max(minScale(), Math.min(MAX_SCALE, view.k * factor));
      view.x += px / view.k - px / k;
      view.y += py / view.k - py / k;
      view.k = k;
      applyView();
    }

    function centreOn(id) {
      var box = nodes[id].querySelector(".lt-box");
      var x = parseFloat(box.getAttribute("x")) + parseFloat(box.getAttribute("width")) / 2;
      var y = parseFloat(box.getAttribute("y")) + parseFloat(box.getAttribute("height")) / 2;
      var s = size();
      view.x = x - s.w / view.k / 2;
      view.y = y - s.h / view.k / 2;
      applyView();
    }

    function ensureVisible(id) {
      var box = nodes[id].querySelector(".lt-box");
      var x = parseFloat(box.getAttribute("x"));
      var y = parseFloat(box.getAttribute("y"));
      var s = size();
      if (x < view.x || y < view.y || x + parseFloat(box.getAttribute("width")) > view.x + s.w / view.k ||
          y + parseFloat(box.getAttribute("height")) > view.y + s.h / view.k) {
        centreOn(id);
      }
    }

    var viewTimer = 0;
    function viewChanged() {
      clearTimeout(viewTimer);
      viewTimer = setTimeout(function () {
        state.view = { x: view.x, y: view.y, k: view.k };
        writeURL();
      }, 250);
    }

    // --- URL state: ?model=&ability=&method=&grades=&view= --------------------------------------
    function readURL() {
      var p = new URLSearchParams(window.location.search);
      state.model = nodes[p.get("model")] ? p.get("model") : "";
      state.ability = names.abilities[p.get("ability")] ? p.get("ability") : "";
      state.method = names.methods[p.get("method")] ? p.get("method") : "";
      var grades = p.get("grades");
      state.grades = grades === null ? null : new Set(grades.split(",").filter(function (g) {
        return allGrades.indexOf(g) >= 0;
      }));
      state.open = p.get("open") === "1";
      var v = (p.get("view") || "").split(",").map(Number);
      state.view = v.length === 3 && v.every(isFinite) && v[2] > 0 ? { x: v[0], y: v[1], k: v[2] } : null;
    }

    function writeURL() {
      var p = new URLSearchParams(window.location.search);
      var put = function (key, value) { if (value) p.set(key, value); else p.delete(key); };
      put("model", state.model);
      put("ability", state.ability);
      put("method", state.method);
      put("grades", state.grades ? Array.from(state.grades).join(",") : "");
      put("open", state.open ? "1" : "");
      // The scale keeps six significant digits: zoom steps multiply it by 1.25 (0.75 -> 0.9375), and
      // three decimals would give the page opened from the address another viewBox.
      put("view", state.view ? [state.view.x.toFixed(1), state.view.y.toFixed(1), String(Number(state.view.k.toPrecision(6)))].join(",") : "");
      var query = p.toString().replace(/%2C/g, ",");
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", url);
      }
    }

    function announce(kind) {
      root.dispatchEvent(new CustomEvent("lineage-tree:" + kind, { detail: { model: state.model } }));
    }

    // --- events (all on elements inside root) -------------------------------------------------------
    function nodeOf(target) {
      return target && target.closest ? target.closest("a.lt-node") : null;
    }

    // The card stays open while the pointer is on it (its ability names are links): leaving a node
    // towards the card, across the gap between them, waits a moment before the card goes.
    var leaveTimer = 0;
    function unhover() {
      clearTimeout(leaveTimer);
      if (!hovered) return;
      hovered = "";
      highlight(state.model);
    }
    svg.addEventListener("mouseover", function (ev) {
      var a = nodeOf(ev.target);
      if (a) clearTimeout(leaveTimer);
      if (a && a.dataset.model !== hovered) {
        hovered = a.dataset.model;
        highlight(hovered);
      }
    });
    svg.addEventListener("mouseout", function (ev) {
      var a = nodeOf(ev.target);
      var to = ev.relatedTarget;
      if (!a || a.contains(to)) return;
      if (to && tooltip.contains(to)) return; // onto the card: it stays
      clearTimeout(leaveTimer);
      if (to && stage.contains(to)) leaveTimer = setTimeout(unhover, 400); // maybe on the way to the card
      else unhover();
    });
    tooltip.addEventListener("mouseover", function () {
      clearTimeout(leaveTimer);
    });
    tooltip.addEventListener("mouseout", function (ev) {
      var to = ev.relatedTarget;
      if (tooltip.contains(to) || nodeOf(to)) return; // inside the card, or back onto a node
      clearTimeout(leaveTimer);
      if (to && stage.contains(to)) leaveTimer = setTimeout(unhover, 400);
      else unhover();
    });

    // Keyboard: Tab from a node enters its card's links (when it has some); Tab from the card's
    // last link goes on to the next model, Shift+Tab from its first link back to the model, Escape
    // back to the model and clears. So every link in the card is reachable without a pointer.
    function cardLinks() {
      return tooltip.hidden ? [] : Array.prototype.slice.call(tooltip.querySelectorAll("a[href]"));
    }
    tooltip.addEventListener("keydown", function (ev) {
      var owner = nodes[tooltip.dataset.model];
      var list = cardLinks();
      var at = list.indexOf(document.activeElement);
      if (!owner || at < 0) return;
      if (ev.key === "Escape") {
        owner.focus({ preventScroll: true });
      } else if (ev.key === "Tab" && ev.shiftKey && at === 0) {
        ev.preventDefault();
        owner.focus({ preventScroll: true });
      } else if (ev.key === "Tab" && !ev.shiftKey && at === list.length - 1) {
        var next = nodes[order[order.indexOf(owner.dataset.model) + 1]];
        if (next) {
          ev.preventDefault();
          next.focus({ preventScroll: true });
        }
      }
    });
    // A press (mouse, pen, touch) focuses its node in the default action of its mousedown; the
    // focus that follows within the same task is a press's.
    var pressing = false;
    svg.addEventListener("mousedown", function () {
      pressing = true;
      setTimeout(function () { pressing = false; }, 0);
    }, true);
    svg.addEventListener("focusin", function (ev) {
      var a = nodeOf(ev.target);
      if (a) {
        // Keyboard focus (the browser's :focus-visible) zooms a fitted overview in to readable
        // text; other focus brings a node outside the view into it. A tap or click never moves the
        // view: a node moved away from under the pointer between press and release gets no click,
        // and its link would not be followed (as happened to a node a hair outside the view).
        var keyboard = false;
        try { keyboard = a.matches(":focus-visible"); } catch (e) { keyboard = false; }
        if (pressing) pressing = false;
        else if (keyboard && view.k < MIN_READABLE) readable(a.dataset.model);
        else ensureVisible(a.dataset.model);
        select(a.dataset.model);
      }
    });
    svg.addEventListener("keydown", function (ev) {
      var a = nodeOf(ev.target);
      if (!a) return;
      var id = a.dataset.model;
      var next = "";
      if (ev.key === "Tab" && !ev.shiftKey && tooltip.dataset.model === id && cardLinks().length) {
        ev.preventDefault();
        cardLinks()[0].focus({ preventScroll: true });
        return;
      }
      if (ev.key === "Enter") {
        ev.preventDefault();
        follow(a);
        return;
      }
      if (ev.key === "ArrowUp") next = (up[id] || [])[0];
      else if (ev.key === "ArrowDown") next = (down[id] || [])[0];
      else if (ev.key === "ArrowLeft") next = order[order.indexOf(id) - 1];
      else if (ev.key === "ArrowRight") next = order[order.indexOf(id) + 1];
      else return;
      ev.preventDefault();
      if (next && nodes[next]) nodes[next].focus({ preventScroll: true });
    });
    root.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape") return;
      hovered = "";
      select("");
    });

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var query = form.elements.q.value;
      var id = find(query);
      if (id) {
        jumpTo(id);
        status.textContent = say("found", { name: nodes[id].dataset.name });
      } else {
        status.textContent = say("not_found", { query: query.trim() });
      }
    });
    [abilitySelect, methodSelect].concat(gradeBoxes, openBox ? [openBox] : []).forEach(function (el) {
      el.addEventListener("change", readControls);
    });
    controls.querySelector(".lt-zoom").addEventListener("click", function (ev) {
      var button = ev.target.closest("button[data-zoom]");
      if (!button) return;
      var s = size();
      if (button.dataset.zoom === "in") zoomAt(1.25, s.w / 2, s.h / 2);
      else if (button.dataset.zoom === "out") zoomAt(0.8, s.w / 2, s.h / 2);
      else resetView();
      viewChanged();
    });

    stage.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var frame = stage.getBoundingClientRect();
      var delta = ev.deltaMode === 1 ? ev.deltaY * 16 : ev.deltaY;
      zoomAt(Math.exp(-delta * 0.0015), ev.clientX - frame.left, ev.clientY - frame.top);
      viewChanged();
    }, { passive: false });

    // Drag to pan, two fingers to pinch. A press that moves less than 5 px stays a click on the link.
    var pointers = new Map();
    var dragged = false;
    var pinch = null;
    stage.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0 || ev.target.closest(".lt-tooltip")) return;
      pointers.set(ev.pointerId, { x: ev.clientX, y: ev.clientY, x0: ev.clientX, y0: ev.clientY });
      dragged = false;
      pinch = null;
    });
    stage.addEventListener("pointermove", function (ev) {
      var p = pointers.get(ev.pointerId);
      if (!p) return;
      var frame = stage.getBoundingClientRect();
      if (pointers.size === 2) {
        var other = Array.from(pointers.entries()).filter(function (e) { return e[0] !== ev.pointerId; })[0][1];
        var before = Math.hypot(p.x - other.x, p.y - other.y);
        var after = Math.hypot(ev.clientX - other.x, ev.clientY - other.y);
        if (before > 0) {
          zoomAt(after / before, (ev.clientX + other.x) / 2 - frame.left, (ev.clientY + other.y) / 2 - frame.top);
        }
        pinch = true;
        dragged = true;
      } else if (!pinch) {
        if (!dragged && Math.hypot(ev.clientX - p.x0, ev.clientY - p.y0) < 5) return;
        if (!dragged) stage.setPointerCapture(ev.pointerId);
        dragged = true;
        view.x -= (ev.clientX - p.x) / view.k;
        view.y -= (ev.clientY - p.y) / view.k;
        applyView();
      }
      p.x = ev.clientX;
      p.y = ev.clientY;
    });
    function release(ev) {
      if (!pointers.delete(ev.pointerId)) return;
      if (dragged) viewChanged();
      if (pointers.size === 0) pinch = null;
    }
    stage.addEventListener("pointerup", release);
    stage.addEventListener("pointercancel", release);
    stage.addEventListener("click", function (ev) {
      if (dragged) {
        ev.preventDefault();
        ev.stopPropagation();
        dragged = false;
      }
    }, true);

    var resize = new ResizeObserver(function () {
      applyView();
    });
    resize.observe(stage);

    // --- start -------------------------------------------------------------------------------------
    root.classList.add("lt-ready");
    controls.hidden = false;
    // The stage's height comes from the stylesheet (known before this runs: no layout shift).
    readURL();
    writeControls();
    applyFilters();
    if (state.view) {
      view = { x: state.view.x, y: state.view.y, k: Math.max(minScale(), Math.min(MAX_SCALE, state.view.k)) };
      applyView();
    } else {
      resetView();
    }
    if (state.model) {
      if (!state.view) readable(state.model);
      highlight(state.model);
    }

    var instance = {
      root: root,
      destroy: function () { resize.disconnect(); clearTimeout(viewTimer); clearTimeout(leaveTimer); }
    };
    instances.push(instance);
    return instance;
  }

  // Material's instant navigation handles clicks on <a> by reading `a.href` as a string, which an SVG
  // link does not have; the error would end instant navigation for the visit. So clicks on tree links
  // stop here and are replayed on a plain HTML link, which Material (or the browser) then follows.
  function follow(a) {
    var link = document.createElement("a");
    link.href = new URL(a.href.baseVal, window.location.href).href;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function guardLinks(root) {
    if (root.dataset.ltLinks) return;
    root.dataset.ltLinks = "1";
    root.addEventListener("click", function (ev) {
      var a = ev.target.closest ? ev.target.closest("a.lt-node") : null;
      if (!a || ev.defaultPrevented) return;
      ev.stopPropagation();
      if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return; // new tab: the browser's
      ev.preventDefault();
      follow(a);
    });
  }

  function initAll() {
    document.querySelectorAll(".lineage-tree").forEach(guardLinks);
    instances = instances.filter(function (inst) {
      if (inst.root.isConnected) return true;
      inst.destroy();
      return false;
    });
    document.querySelectorAll('[data-lineage-tree="interactive"]').forEach(init);
  }

  window.lineageTree = {
    init: init,
    initAll: initAll,
    count: function () { return instances.length; }
  };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(initAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
