// Deferred right after htmx.min.js (deferred scripts run in order), before DOMContentLoaded, when htmx reads its config:
// no inline <style>, no eval, no scripts from swapped HTML, so a strict CSP holds.
(function () {
  "use strict";
  if (!window.htmx) {
    return;
  }
  window.htmx.config.includeIndicatorStyles = false;
  window.htmx.config.allowEval = false;
  window.htmx.config.allowScriptTags = false;
  window.htmx.config.selfRequestsOnly = true;
})();
