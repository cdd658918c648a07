/* utopia: small progressive enhancements. Every page works without this file (no inline scripts:
   a strict Content-Security-Policy applies). Behaviours are opted into with data- attributes. */
(function () {
  "use strict";

  // <form data-confirm="Cancel this shift?">: ask before submitting (destructive actions).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    var question = form.getAttribute("data-confirm");
    if (question) {
      // Asked once, here. The attribute is hidden from later listeners of this same submit (a page
      // script such as roster.js may handle data-confirm too) so nobody is asked twice.
      form.removeAttribute("data-confirm");
      window.setTimeout(function () { form.setAttribute("data-confirm", question); }, 0);
      if (!window.confirm(question)) {
        event.preventDefault();
        return;
      }
    }
    // Avoid double sign-ups on slow phone connections: disable the button once the form is sent.
    var submitter = event.submitter;
    var htmx = form.closest("[hx-post],[hx-boost]") || (submitter && submitter.hasAttribute("hx-post"));
    if (submitter && !htmx && !form.hasAttribute("data-allow-resubmit")) {
      window.setTimeout(function () {
        submitter.disabled = true;
        submitter.setAttribute("data-sent", "");
      }, 0);
    }
  });

  // <select data-autosubmit>: submit its form on change (the form keeps a visible submit button
  // for people without JavaScript; .js-hidden hides it when this file runs).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  // Back/forward cache: a page restored from history gets its buttons back.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("[data-sent]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("data-sent");
    });
  });

  // A form sent back with errors: move to the summary at its top, which links to each field.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });

  document.documentElement.classList.add("js");
})();
