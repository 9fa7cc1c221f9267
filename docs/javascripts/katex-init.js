/* Math on the concept pages (content room).
   pymdownx.arithmatex (generic mode) leaves `\( … \)` / `\[ … \]` inside `.arithmatex` elements;
   KaTeX, shipped with the site under assets/vendor/katex/, typesets them in the browser. Most pages
   have no math, so KaTeX's stylesheet and scripts are not in every page's head (they would hold up
   the first paint everywhere): they are added the first time a page with `.arithmatex` is shown.
   Material's `document$` emits once per page, including after instant navigation, so every page is
   rendered; a data attribute marks finished elements so nothing is typeset twice. */
(function () {
  "use strict";

  // This file lives in javascripts/; KaTeX in assets/vendor/katex/ (resolved once, as instant
  // navigation changes the page URL but not where the files are).
  var script = document.currentScript;
  var KATEX = new URL("../assets/vendor/katex/", script ? script.src : location.href).href;
  var loading = null;

  function addScript(src) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = src;
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  /* KaTeX's stylesheet and both scripts, fetched once per visit (auto-render needs katex first). */
  function loadKatex() {
    if (!loading) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = KATEX + "katex.min.css";
      document.head.appendChild(css);
      loading = addScript(KATEX + "katex.min.js").then(function () {
        return addScript(KATEX + "contrib/auto-render.min.js");
      });
    }
    return loading;
  }

  function renderMath(root) {
    root.querySelectorAll(".arithmatex:not([data-katex-done])").forEach(function (el) {
      renderMathInElement(el, {
        delimiters: [
          { left: "\\[", right: "\\]", display: true },
          { left: "\\(", right: "\\)", display: false }
        ],
        throwOnError: false
      });
      el.setAttribute("data-katex-done", "");
    });
  }

  function onPage(root) {
    if (!root.querySelector(".arithmatex:not([data-katex-done])")) return;
    loadKatex().then(function () { renderMath(document.body); });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function (doc) { onPage(doc.body || document.body); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { onPage(document.body); });
  } else {
    onPage(document.body);
  }
})();
