// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen-reader and keyboard users hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
