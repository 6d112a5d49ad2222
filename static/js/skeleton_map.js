/*
 * The skeleton map as a site picker (templates/patients/skeleton/_map.html in the lesion
 * form). The site and side selects stay the source of truth and the accessible fallback:
 * choosing a bone (click, or Enter/Space on a focused bone) sets #id_site, and #id_side for
 * a paired bone (cleared for a midline one, which takes no side), then dispatches a bubbling
 * 'change' so lesion_form.js shows the fieldsets of the site and htmx re-scores the lesion.
 * Any change of the selects highlights the matching bone (aria-pressed).
 *
 * Without JavaScript the map stays hidden: its bones would be buttons that do nothing.
 */
(function () {
  "use strict";

  function init() {
    var picker = document.querySelector("[data-skeleton-picker]");
    var site = document.getElementById("id_site");
    var side = document.getElementById("id_side");
    if (!picker || !site) {
      return;
    }
    var shapes = picker.querySelectorAll("[data-site-code]");
    var status = document.getElementById("skeleton-picker-status");

    function sideMatches(shape) {
      var shapeSide = shape.getAttribute("data-side");
      // A paired site without a side yet: both sides are highlighted.
      return !shapeSide || !side || !side.value || shapeSide === side.value;
    }

    function highlight() {
      shapes.forEach(function (shape) {
        var chosen = shape.getAttribute("data-site-code") === site.value && sideMatches(shape);
        shape.setAttribute("aria-pressed", chosen ? "true" : "false");
      });
    }

    function notify(select) {
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function choose(shape) {
      var sideChanged = false;
      if (side) {
        var wanted = shape.getAttribute("data-side") || "";
        sideChanged = side.value !== wanted;
        side.value = wanted;
      }
      var siteChanged = site.value !== shape.getAttribute("data-site-code");
      site.value = shape.getAttribute("data-site-code");
      // Both values are set before either event, so the live score sees the pair.
      if (sideChanged) {
        notify(side);
      }
      if (siteChanged) {
        notify(site);
      }
      highlight();
      if (status) {
        status.textContent = shape.getAttribute("aria-label") || "";
      }
    }

    picker.addEventListener("click", function (event) {
      var shape = event.target.closest("[data-site-code]");
      if (shape) {
        choose(shape);
      }
    });
    picker.addEventListener("keydown", function (event) {
      var shape = event.target.closest("[data-site-code]");
      if (shape && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault(); // neither submit the form nor scroll the page
        choose(shape);
      }
    });
    site.addEventListener("change", highlight);
    if (side) {
      side.addEventListener("change", highlight);
    }
    picker.hidden = false;
    highlight();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
