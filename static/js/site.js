// Progressive enhancement only: every control here also works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // Browse: choosing a source, a kind of change or a size filters at once.
  function autosubmit() {
    document.querySelectorAll("[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  // Comparison: switch layout in place and remember it, as the server does with ?layout=.
  function layoutToggle() {
    var table = document.getElementById("diff");
    if (!table) return;
    document.querySelectorAll("a[data-layout]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var layout = link.getAttribute("data-layout");
        event.preventDefault();
        table.classList.remove("layout-side", "layout-inline");
        table.classList.add("layout-" + layout);
        document.querySelectorAll("a[data-layout]").forEach(function (other) {
          if (other === link) other.setAttribute("aria-current", "true");
          else other.removeAttribute("aria-current");
        });
        document.cookie = "layout=" + layout + "; path=/; max-age=31536000; SameSite=Lax";
        moveSentenceIds(table, layout);
      });
    });
  }

  // Comparison: both layouts link every sentence; the shown one holds the ids (#p3s2).
  function moveSentenceIds(table, layout) {
    var shown = layout === "inline" ? "td.inline" : "td.side";
    var anchors = table.querySelectorAll("a.sentence-anchor");
    anchors.forEach(function (anchor) { anchor.removeAttribute("id"); });
    anchors.forEach(function (anchor) {
      if (anchor.closest(shown)) anchor.id = anchor.getAttribute("data-anchor");
    });
  }

  // History: show or hide boring versions without a reload.
  function boringToggle() {
    var link = document.querySelector("a[data-toggle-boring]");
    if (!link) return;
    var rows = document.querySelectorAll(".versions tr.boring");
    var count = rows.length;
    var noun = count === 1 ? " boring version" : " boring versions";
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var show = rows.length && rows[0].hidden;
      rows.forEach(function (row) { row.hidden = !show; });
      link.textContent = (show ? "Hide " : "Show ") + count + noun;
    });
  }

  // History: as on Wikipedia, "from" must be older than "to"; hide radios that would not be.
  function compareRadios() {
    var form = document.querySelector(".versions-form");
    if (!form) return;
    function update() {
      var checkedOld = form.querySelector("input[name=old]:checked");
      var checkedNew = form.querySelector("input[name=new]:checked");
      var oldNumber = checkedOld ? Number(checkedOld.value) : 0;
      var newNumber = checkedNew ? Number(checkedNew.value) : Infinity;
      form.querySelectorAll("input[name=old]").forEach(function (radio) {
        radio.classList.toggle("unavailable", Number(radio.value) >= newNumber);
      });
      form.querySelectorAll("input[name=new]").forEach(function (radio) {
        radio.classList.toggle("unavailable", Number(radio.value) <= oldNumber);
      });
    }
    form.addEventListener("change", update);
    update();
  }

  ready(function () {
    autosubmit();
    layoutToggle();
    boringToggle();
    compareRadios();
  });
})();
