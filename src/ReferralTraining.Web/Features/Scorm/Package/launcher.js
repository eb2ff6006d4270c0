/*
 * ReferralTraining SCORM launcher. Runs inside the LMS: finds the LMS's SCORM API (SCORM 1.2 "API" or SCORM 2004
 * "API_1484_11") by the standard walk up the parent frames and then the opener, reads the learner's id and name,
 * signs a launch with the package key (HMAC-SHA256, WebCrypto), and opens the hosted course in a frame. The course
 * reports progress with postMessage; only messages from the course's origin and frame are used. What it reports is
 * written to the LMS: status, score, session time and the certificate's verify link; then committed.
 */
(function () {
  "use strict";
  var cfg = window.RT_SCORM;
  var statusLine = document.getElementById("rt-status");
  var frame = document.getElementById("rt-frame");
  var is2004 = cfg && cfg.version === "2004";
  var api = null;
  var startedAt = Date.now();
  var finished = false;
  var lastStatus = null;

  function say(text, error) {
    statusLine.textContent = text;
    statusLine.setAttribute("data-state", error ? "error" : "ok");
  }

  // The ADL discovery walk: this window's parents (at most 500 steps), then the opener's parents.
  function scan(win, name) {
    var tries = 0;
    try {
      while (win && win[name] == null && win.parent != null && win.parent !== win) {
        if (++tries > 500) { return null; }
        win = win.parent;
      }
      return win ? win[name] || null : null;
    } catch (e) {
      return null; // a frame of another origin: no API there
    }
  }

  function findApi(name) {
    var found = scan(window, name);
    if (!found && window.opener) { found = scan(window.opener, name); }
    return found;
  }

  function call(method12, method2004, a, b) {
    var m = is2004 ? method2004 : method12;
    if (!api || typeof api[m] !== "function") { return ""; }
    return b === undefined ? api[m](a) : api[m](a, b);
  }
  function get(element) { return String(call("LMSGetValue", "GetValue", element)); }
  function set(element, value) { return call("LMSSetValue", "SetValue", element, String(value)); }
  function commit() { return call("LMSCommit", "Commit", ""); }

  function pad(n, width) { var s = String(n); while (s.length < width) { s = "0" + s; } return s; }

  // 1.2: HHHH:MM:SS.SS; 2004: an ISO 8601 duration.
  function sessionTime() {
    var centis = Math.floor((Date.now() - startedAt) / 10);
    var h = Math.floor(centis / 360000), m = Math.floor(centis / 6000) % 60, s = Math.floor(centis / 100) % 60, c = centis % 100;
    if (is2004) { return "PT" + h + "H" + m + "M" + s + "." + pad(c, 2) + "S"; }
    return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(c, 2);
  }

  function base64Url(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromBase64Url(text) {
    var b = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    var bytes = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) { bytes[i] = b.charCodeAt(i); }
    return bytes;
  }

  function sign(claims) {
    // The same lines, in the same order, as ScormLaunchSigner.Canonical on the server.
    var canonical = ["rt-scorm-launch-v1", claims.k, claims.c, claims.v, claims.l, claims.n, String(claims.t), claims.r, claims.o].join("\n");
    return crypto.subtle.importKey("raw", fromBase64Url(cfg.key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      .then(function (key) { return crypto.subtle.sign("HMAC", key, new TextEncoder().encode(canonical)); })
      .then(function (mac) { return base64Url(new Uint8Array(mac)); });
  }

  function record(progress) {
    if (finished || !progress || typeof progress.status !== "string") { return; }
    if (is2004) {
      set("cmi.completion_status", progress.completed ? "completed" : "incomplete");
      set("cmi.success_status", progress.status === "passed" || progress.status === "failed" ? progress.status : "unknown");
      if (typeof progress.scoreRaw === "number") {
        set("cmi.score.min", progress.scoreMin);
        set("cmi.score.max", progress.scoreMax);
        set("cmi.score.raw", progress.scoreRaw);
        set("cmi.score.scaled", (progress.scoreRaw / progress.scoreMax).toFixed(4).replace(/0+$/, "").replace(/\.$/, ""));
      }
      // comments_from_lms is read-only to content, so the link is the learner-side comment (ADR-031).
      if (progress.verifyUrl) { set("cmi.comments_from_learner.0.comment", "Certificate: " + progress.verifyUrl); }
      set("cmi.exit", progress.status === "passed" ? "normal" : "suspend");
    } else {
      set("cmi.core.lesson_status", progress.status);
      if (typeof progress.scoreRaw === "number") {
        set("cmi.core.score.min", progress.scoreMin);
        set("cmi.core.score.max", progress.scoreMax);
        set("cmi.core.score.raw", progress.scoreRaw);
      }
      if (progress.verifyUrl) { set("cmi.comments", "Certificate: " + progress.verifyUrl); }
      set("cmi.core.exit", progress.status === "passed" ? "" : "suspend");
    }
    set(is2004 ? "cmi.session_time" : "cmi.core.session_time", sessionTime());
    commit();
    lastStatus = progress.status;
    // Passing is final, but the attempt stays open until the certificate's link is written (the learner claims credit
    // in this frame; the next page brings the link), or until the learner leaves.
    if (progress.status === "passed" && progress.verifyUrl) { finish(); }
  }

  function finish() {
    if (finished || !api) { return; }
    set(is2004 ? "cmi.session_time" : "cmi.core.session_time", sessionTime());
    commit();
    call("LMSFinish", "Terminate", "");
    finished = true;
  }

  if (!cfg) { say("This package is incomplete (launch-config.js is missing). Import the package again.", true); return; }
  var courseOrigin = new URL(cfg.baseUrl).origin;
  api = findApi(is2004 ? "API_1484_11" : "API");
  if (!api) { say("The LMS's SCORM " + cfg.version + " interface was not found. Launch the course from the LMS.", true); return; }
  if (String(call("LMSInitialize", "Initialize", "")) !== "true") { say("The LMS did not start the session. Launch the course again.", true); return; }
  if (!window.crypto || !window.crypto.subtle) { say("This browser cannot sign the launch (the LMS must be served over https).", true); return; }

  var learnerId = get(is2004 ? "cmi.learner_id" : "cmi.core.student_id");
  var learnerName = get(is2004 ? "cmi.learner_name" : "cmi.core.student_name");
  var status = get(is2004 ? "cmi.completion_status" : "cmi.core.lesson_status");
  if (!is2004 && (status === "not attempted" || status === "")) { set("cmi.core.lesson_status", "incomplete"); commit(); }
  if (is2004 && (status === "not attempted" || status === "unknown" || status === "")) { set("cmi.completion_status", "incomplete"); commit(); }
  if (!learnerId) { say("The LMS sent no learner id. Ask the LMS administrator.", true); return; }

  var nonce = new Uint8Array(18);
  crypto.getRandomValues(nonce);
  var claims = {
    k: cfg.keyId, c: cfg.courseId, v: cfg.version, l: learnerId, n: learnerName.replace(/[\r\n]+/g, " "),
    t: Math.floor(Date.now() / 1000), r: base64Url(nonce), o: window.location.origin,
  };

  window.addEventListener("message", function (event) {
    // Only the hosted course, in our own frame, may report progress.
    if (event.origin !== courseOrigin || event.source !== frame.contentWindow) { return; }
    var data = event.data;
    if (data && data.type === "rt-scorm-progress") {
      record(data);
      say(cfg.courseTitle + ": " + (lastStatus === "passed" ? "passed; your LMS has the result." : "progress saved in your LMS."));
    }
  });
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  sign(claims).then(function (signature) {
    var query = Object.keys(claims).map(function (name) { return name + "=" + encodeURIComponent(claims[name]); }).join("&");
    frame.src = cfg.baseUrl + "/scorm/launch?" + query + "&s=" + encodeURIComponent(signature);
    frame.hidden = false;
    say(cfg.courseTitle + ": your progress is reported to your LMS.");
  }, function () {
    say("The launch could not be signed in this browser.", true);
  });
})();
