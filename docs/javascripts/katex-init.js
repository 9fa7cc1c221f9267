/* Math on the concept pages (content room).
   pymdownx.arithmatex (generic mode) leaves `\( … \)` / `\[ … \]` inside `.arithmatex` elements;
   KaTeX, shipped with the site under assets/vendor/katex/, typesets them in the browser. Material's
   `document$` emits once per page, including after instant navigation, so every page is rendered;
   a data attribute marks finished elements so nothing is typeset twice. */
(function () {
  "use strict";

  function renderMath(root) {
    if (typeof renderMathInElement !== "function") return;
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

  if (typeof document$ !== "undefined") {
    document$.subscribe(function (doc) { renderMath(doc.body || document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { renderMath(document.body); });
  }
})();
