// The referential's change form in the admin (templates/admin/scoring/referential/change_form.html).
// A frozen referential's inline tables hold nothing focusable, yet scroll sideways on a
// tablet: their box becomes a named, focusable region so a keyboard can scroll it.
// A static file, not an inline <script>: the Content Security Policy refuses inline scripts.
document.querySelectorAll(".inline-group").forEach(function (group) {
  if (group.querySelector("input:not([type=hidden]), select, textarea, a[href], button")) return;
  group.tabIndex = 0;
  group.setAttribute("role", "region");
  group.setAttribute("aria-labelledby", group.id.replace(/-group$/, "-heading"));
});
