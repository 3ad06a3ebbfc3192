// The resident portal's map tap: turns a tap on the town map into longitude and latitude in the
// form's inputs (the projection is in the SVG's data- attributes). Without it, type the numbers.
(function () {
  var svg = document.getElementById('portal-map');
  var lon = document.getElementById('portal-lon'), lat = document.getElementById('portal-lat');
  var pin = document.getElementById('portal-pin');
  if (!svg || !lon || !lat || !svg.createSVGPoint) return;
  var d = svg.dataset;
  var minLon = +d.minLon, maxLat = +d.maxLat, k = +d.k, scale = +d.scale, pad = +d.pad;
  function place(x, y) { if (pin) { pin.setAttribute('cx', x); pin.setAttribute('cy', y); } }
  function show() {
    var a = parseFloat(lon.value), b = parseFloat(lat.value);
    if (isFinite(a) && isFinite(b)) place(pad + (a - minLon) * k * scale, pad + (maxLat - b) * scale);
  }
  svg.addEventListener('click', function (e) {
    var p = svg.createSVGPoint(); p.x = e.clientX; p.y = e.clientY;
    var m = svg.getScreenCTM(); if (!m) return;
    var q = p.matrixTransform(m.inverse());
    lon.value = (minLon + (q.x - pad) / (k * scale)).toFixed(6);
    lat.value = (maxLat - (q.y - pad) / scale).toFixed(6);
    place(q.x, q.y);
    var community = document.querySelector('select[name="community"]');
    if (community) community.value = '';
  });
  lon.addEventListener('change', show); lat.addEventListener('change', show);
  show();
})();
