// Tillit: the one script, served from the binary (CSP: script-src 'self').
// Progressive enhancement only: every page works without it.
//
// 1. Journal autosave. A form with data-autosave="URL" has a textarea
//    [data-autosave-field]. A couple of seconds after typing stops, and
//    when the page is hidden or left (visibilitychange, pagehide), the text
//    is posted to URL (a form-encoded POST with the page's CSRF token) and
//    the time of the save is announced in [data-autosave-status], an
//    aria-live region. The server keeps one draft per case and user, so a
//    closed tab, a lost connection or a session timeout loses nothing.
// 2. A page that shows form errors moves focus to the error summary.
// 3. Enter in a one-line field of a form with several fields does not send
//    the form (a half-filled report or step is never sent by accident); the
//    form is sent with its button. Forms of one field (search, login's
//    password) keep Enter.
(function () {
  "use strict";

  var DELAY_MS = 2000;

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function clock() {
    var d = new Date();
    return pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function setupAutosave(form) {
    var url = form.getAttribute("data-autosave");
    var field = form.querySelector("[data-autosave-field]");
    var status = form.querySelector("[data-autosave-status]");
    if (!url || !field) {
      return;
    }
    var saved = field.value;
    var timer = null;
    var inFlight = false;

    function say(template, time) {
      if (status && template) {
        status.textContent = template.replace("{time}", time || "");
      }
    }

    function body() {
      var params = new URLSearchParams();
      var csrf = form.querySelector("input[name=csrf]");
      var corrects = form.querySelector("input[name=corrects]");
      params.append("csrf", csrf ? csrf.value : "");
      params.append("text", field.value);
      params.append("corrects", corrects ? corrects.value : "");
      return params;
    }

    function save() {
      timer = null;
      if (inFlight || field.value === saved) {
        return;
      }
      var text = field.value;
      inFlight = true;
      fetch(url, {
        method: "POST",
        body: body(),
        credentials: "same-origin",
        redirect: "manual",
      })
        .then(function (resp) {
          inFlight = false;
          if (resp.ok) {
            saved = text;
            return resp.text().then(function (t) {
              say(status && status.getAttribute("data-saved"), t.trim() || clock());
            });
          }
          say(
            status &&
              status.getAttribute(resp.status === 422 ? "data-invalid" : "data-failed")
          );
        })
        .catch(function () {
          inFlight = false;
          say(status && status.getAttribute("data-offline"));
        });
    }

    // When the page goes away, send what is left without waiting for an
    // answer. Browsers limit such requests to about 64 kB; a longer text
    // has normally been saved by the timer already.
    function flush() {
      if (field.value === saved) {
        return;
      }
      var sent = false;
      if (navigator.sendBeacon) {
        try {
          sent = navigator.sendBeacon(url, body());
        } catch (e) {
          sent = false;
        }
      }
      if (!sent) {
        save();
      } else {
        saved = field.value;
      }
    }

    field.addEventListener("input", function () {
      if (timer) {
        clearTimeout(timer);
      }
      timer = setTimeout(save, DELAY_MS);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        flush();
      }
    });
    window.addEventListener("pagehide", flush);
    // Submitting (sign or save) sends the text itself.
    form.addEventListener("submit", function () {
      if (timer) {
        clearTimeout(timer);
      }
      saved = field.value;
    });
  }

  function guardEnter(form) {
    var fields = form.querySelectorAll(
      "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea"
    );
    if (fields.length < 3 || form.method.toLowerCase() !== "post") {
      return;
    }
    form.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.key === "Enter" && t && t.tagName === "INPUT" &&
          t.type !== "submit" && t.type !== "button") {
        e.preventDefault();
      }
    });
  }

  function init() {
    var all = document.querySelectorAll("form");
    for (var j = 0; j < all.length; j++) {
      guardEnter(all[j]);
    }
    var forms = document.querySelectorAll("form[data-autosave]");
    for (var i = 0; i < forms.length; i++) {
      setupAutosave(forms[i]);
    }
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
