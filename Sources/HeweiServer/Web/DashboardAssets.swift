/// The dashboard's stylesheet and refresh script, served by `DashboardPages` (same origin only).
enum DashboardAssets {
    /// Laid out for 1920×1080: a dark background, large numbers, three columns with the map in the middle.
    static let css = """
    * { box-sizing: border-box; }
    body { margin: 0; background: #0b1426; color: #e6edf7; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
    a { color: #8cc4ff; text-decoration: none; } a:hover { text-decoration: underline; }
    header.bar { display: flex; align-items: center; gap: 14px; height: 52px; padding: 0 24px; background: #101d36; border-bottom: 1px solid #1f3357; }
    .seal { display: inline-grid; place-items: center; width: 34px; height: 34px; border-radius: 6px; background: #b3261e; color: #fff; font-weight: 700; }
    .brand { font-size: 20px; letter-spacing: .15em; } header.bar nav { margin-left: auto; display: flex; gap: 22px; font-size: 16px; }
    main { padding: 12px 24px; }
    .head { display: flex; align-items: baseline; gap: 24px; }
    .head h1 { font-size: 34px; margin: 4px 0; letter-spacing: .05em; } .crumbs { font-size: 16px; color: #9fb3d1; } .asof { margin-left: auto; color: #9fb3d1; }
    .headline { display: grid; grid-template-columns: repeat(5, 1fr); gap: 16px; margin: 8px 0 14px; }
    .big { background: #12213d; border: 1px solid #1f3357; border-radius: 10px; padding: 10px 20px; display: flex; align-items: baseline; gap: 16px; }
    .big .num { font-size: 64px; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.1; } .big .lbl { font-size: 20px; color: #9fb3d1; }
    .big.intake .num { color: #5fb3ff; } .big.open .num { color: #e6edf7; } .big.yellow .num { color: #ffcc33; } .big.red .num { color: #ff5a4f; } .big.warn .num { color: #ff9a3c; }
    .cols { display: grid; grid-template-columns: 470px 1fr 540px; gap: 16px; }
    .col { display: flex; flex-direction: column; gap: 16px; }
    .panel { background: #12213d; border: 1px solid #1f3357; border-radius: 10px; padding: 12px 16px; }
    .panel h2 { font-size: 20px; margin: 0 0 8px; color: #cfe0f7; font-weight: 600; } .panel h2 small { font-size: 14px; color: #7f93b3; font-weight: 400; }
    .panel h2 a, .panel h2 strong { font-size: 16px; margin-left: 8px; } .panel h2 strong { color: #ffcc33; }
    .empty { color: #7f93b3; font-size: 18px; }
    .tiles { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
    .tile { background: #0e1a31; border-radius: 8px; padding: 8px 12px; display: flex; flex-direction: column; }
    .tile .lbl { font-size: 15px; color: #9fb3d1; } .tile .val { font-size: 36px; font-weight: 700; font-variant-numeric: tabular-nums; }
    .chg { font-size: 15px; color: #9fb3d1; } .chg.up { color: #4cd38a; } .chg.down { color: #ff6b5f; }
    .chart text { fill: #cfe0f7; font-size: 15px; } .chart .tick { fill: #7f93b3; font-size: 13px; }
    .chart .bar { fill: #3d8bfd; } .bars .val { fill: #fff; font-weight: 700; }
    .chart .axis { stroke: #2d456e; } .chart .line { fill: none; stroke: #4cd38a; stroke-width: 2.5; }
    .key { font-size: 14px; color: #9fb3d1; margin: 4px 0 0; } .k-bar, .k-line { display: inline-block; width: 16px; height: 10px; margin: 0 6px 0 12px; background: #3d8bfd; }
    .k-line { height: 3px; background: #4cd38a; vertical-align: middle; }
    .map svg { max-height: 720px; }
    .grid-map .cell { stroke: #0b1426; stroke-width: 1.5; fill-rule: evenodd; } .grid-map a:hover .cell { stroke: #fff; stroke-width: 3; }
    .grid-map .outline { fill: none; stroke: #5f7aa3; stroke-width: 2; stroke-dasharray: 6 4; }
    .q0 { fill: #1b2c4d; } .q1 { fill: #1f4f7a; } .q2 { fill: #2f7a8f; } .q3 { fill: #c9a227; } .q4 { fill: #e07b24; } .q5 { fill: #d7372b; }
    .grid-map .cell.warn { stroke: #ff9a3c; stroke-width: 4; }
    .grid-map .labels text { fill: #fff; text-anchor: middle; pointer-events: none; font-weight: 600; paint-order: stroke; stroke: #0b1426; stroke-width: 3px; }
    .legend ul { list-style: none; display: flex; flex-wrap: wrap; gap: 14px; padding: 0; margin: 8px 0 0; font-size: 14px; color: #9fb3d1; }
    .swatch { display: inline-block; width: 16px; height: 12px; margin-right: 5px; border-radius: 2px; }
    .swatch.q0 { background: #1b2c4d; } .swatch.q1 { background: #1f4f7a; } .swatch.q2 { background: #2f7a8f; } .swatch.q3 { background: #c9a227; }
    .swatch.q4 { background: #e07b24; } .swatch.q5 { background: #d7372b; } .swatch.warn { background: none; border: 3px solid #ff9a3c; }
    .warnings ul { list-style: none; padding: 0; margin: 0; max-height: 250px; overflow: hidden; }
    .warnings li { padding: 6px 0 6px 10px; border-left: 4px solid #ff9a3c; margin-bottom: 6px; font-size: 15px; background: #0e1a31; }
    .warnings li.lv-red { border-left-color: #ff5a4f; } .warnings .t { display: block; color: #7f93b3; font-size: 13px; }
    """

    /// Fetches the fragment every `data-seconds` and swaps it in; a signed-out session (the fetch
    /// was redirected to the sign-in page) reloads the page so that the sign-in shows.
    static let js = """
    (function () {
      var root = document.getElementById('dash');
      if (!root || !window.fetch) return;
      var src = root.getAttribute('data-fragment');
      var seconds = parseInt(root.getAttribute('data-seconds'), 10) || 30;
      function refresh() {
        fetch(src, { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
          if (r.redirected) { window.location.reload(); return null; }
          return r.ok ? r.text() : null;
        }).then(function (html) {
          if (html) root.innerHTML = html;
        }).catch(function () { /* keep showing the last figures while offline */ });
      }
      window.setInterval(refresh, seconds * 1000);
    })();
    """
}
