// 和为贵 staff console: small keyboard helpers. Pages work without this file.
(function () {
  "use strict";

  // Ctrl+Enter (or Cmd+Enter) submits the form the focus is in, if it asks for it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var target = event.target;
    var form = target && target.closest ? target.closest("form[data-ctrl-enter]") : null;
    if (!form) return;
    event.preventDefault();
    if (typeof form.requestSubmit === "function") form.requestSubmit(); else form.submit();
  });

  // Intake: show which urgency the chosen category implies while "category default" is selected.
  var category = document.getElementById("f-categoryCode");
  var urgency = document.getElementById("f-urgency");
  if (category && urgency && urgency.options.length > 0) {
    var base = urgency.options[0].text;
    var update = function () {
      var chosen = category.options[category.selectedIndex];
      var value = chosen ? chosen.getAttribute("data-urgency") : null;
      var label = null;
      for (var i = 1; i < urgency.options.length; i++) {
        if (urgency.options[i].value === value) label = urgency.options[i].text;
      }
      urgency.options[0].text = label ? base + " · " + label : base;
    };
    category.addEventListener("change", update);
    update();
  }

  // Patrols: fill longitude and latitude from the device's position when the worker asks for it.
  var locate = document.querySelector("[data-geolocate]");
  if (locate && navigator.geolocation) {
    var lon = document.getElementById(locate.getAttribute("data-lon"));
    var lat = document.getElementById(locate.getAttribute("data-lat"));
    var status = document.querySelector("[data-geo-status]");
    var say = function (text) { if (status) status.textContent = text; };
    if (lon && lat) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        say(locate.getAttribute("data-wait"));
        locate.disabled = true;
        navigator.geolocation.getCurrentPosition(function (position) {
          lon.value = position.coords.longitude.toFixed(6);
          lat.value = position.coords.latitude.toFixed(6);
          say("±" + Math.round(position.coords.accuracy) + " m");
          locate.disabled = false;
        }, function (error) {
          say(locate.getAttribute("data-fail") + (error && error.message ? " (" + error.message + ")" : ""));
          locate.disabled = false;
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }
  }

  // Intake: an anonymous request needs no name.
  var anonymous = document.getElementById("f-anonymous");
  var name = document.getElementById("f-requesterName");
  if (anonymous && name) {
    var sync = function () { name.disabled = anonymous.checked; };
    anonymous.addEventListener("change", sync);
    sync();
  }
})();
