// In a session launched from an LMS: posts the learner's progress in the launched course to the package's launcher,
// which is this page's parent frame, and only to the LMS origin the launch named (never "*").
(function () {
  "use strict";
  var tag = document.getElementById("rt-scorm-bridge");
  if (!tag || window.parent === window) { return; }
  try {
    window.parent.postMessage(JSON.parse(tag.getAttribute("data-progress")), tag.getAttribute("data-origin"));
  } catch (e) {
    // A malformed message or origin: nothing is sent.
  }
})();
