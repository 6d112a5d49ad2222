/*
 * Lesion form: show only the site-specific fieldsets that apply to the chosen site.
 *
 * The region of each site code comes from <script type="application/json" id="site-regions">
 * (json_script: data, not code, so the Content Security Policy allows it). Each site-specific
 * fieldset says its region in data-applies-to. Without JavaScript every fieldset stays
 * visible with its "applies to ..." hint, and the server clears what does not apply.
 *
 * Hidden fieldsets keep their inputs enabled: on a site change their values still reach the
 * server, which clears them and tells the user which findings were dropped.
 */
(function () {
  "use strict";

  function init() {
    var data = document.getElementById("site-regions");
    var select = document.getElementById("id_site");
    if (!data || !select) {
      return;
    }
    var regions = JSON.parse(data.textContent);
    var fieldsets = document.querySelectorAll("fieldset[data-applies-to]");
    var status = document.getElementById("site-fieldsets-status");

    function legendOf(fieldset) {
      var legend = fieldset.querySelector("legend");
      return legend ? legend.textContent.trim() : "";
    }

    function update(announce) {
      var region = regions[select.value] || "";
      var shown = [];
      fieldsets.forEach(function (fieldset) {
        var applies = fieldset.getAttribute("data-applies-to") === region;
        // Never hide a field the server flagged: its message must stay readable.
        fieldset.hidden = !applies && !fieldset.querySelector(".is-invalid");
        if (applies) {
          shown.push(legendOf(fieldset));
        }
      });
      // Screen-reader users hear that a section appeared further down the form.
      if (announce && status) {
        status.textContent = shown.join(", ");
      }
    }

    select.addEventListener("change", function () {
      update(true);
    });
    update(false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
