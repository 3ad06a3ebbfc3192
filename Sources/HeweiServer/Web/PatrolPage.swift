import Foundation
import HeweiCore

/// The grid worker's patrol page (巡查), one column on a phone: their cells, the open patrol with
/// its findings and forms, and their latest patrols.
struct PatrolPage {
    /// A submission that failed: which form (`start`, `finding`, `end`, `report:<finding id>`), its values, the error.
    struct Draft {
        var form: String
        var values: [String: String]
        var error: String = ""
    }

    var assignments: [GridWorkController.AssignmentDTO]
    var open: PatrolDTOs.Detail?
    /// Newest first, at most 10.
    var recent: [PatrolDTOs.Patrol]
    var cellNames: [String: String]
    var catalog: ConsoleCatalog
    /// Ready HTML.
    var flash: String
    var draft: Draft?
    var lang: Lang

    func render() -> String {
        """
        <div class="page-head"><h1>\(lang.t("巡查", "Patrols"))</h1></div>
        \(flash)\(draft.map { shown($0.form) ? "" : HTML.flash($0.error, error: true) } ?? "")
        <div class="patrol-page">
        <div>\(open.map(openCard) ?? startCard())</div>
        <div>\(cellsCard())\(recentCard())</div>
        </div>
        """
    }

    /// Whether the page shows the form (and so its error next to it).
    private func shown(_ form: String) -> Bool {
        switch form {
        case "start": return open == nil
        case "finding", "end": return open != nil
        default: return open?.findings.contains { "report:\($0.id.uuidString.lowercased())" == form } ?? false
        }
    }

    private func cellName(_ code: String) -> String {
        "\(HTML.esc(cellNames[code] ?? code)) <span class=\"mono\">\(HTML.esc(code))</span>"
    }

    private func error(for form: String) -> String {
        guard let draft, draft.form == form else { return "" }
        return HTML.flash(draft.error, error: true)
    }

    private func value(_ form: String, _ field: String) -> String {
        guard let draft, draft.form == form else { return "" }
        return draft.values[field] ?? ""
    }

    private func cellsCard() -> String {
        let items = assignments.map { a in
            let kind = a.kind == "chief" ? lang.t("网格长", "chief") : lang.t("网格员", "worker")
            return "<li><a href=\"\(GridText.cellHref(a.cellCode))\">\(HTML.esc(a.cellName ?? a.cellCode))</a> <span class=\"mono\">\(HTML.esc(a.cellCode))</span> "
                + "<span class=\"tag\">\(kind)</span> <span class=\"muted\">\(lang.t("自", "since")) \(ConsoleFormat.time(a.assignedAt))</span></li>"
        }
        let list = items.isEmpty
            ? "<p class=\"muted\">\(lang.t("您尚未分配网格，请联系调度员。", "No cells are assigned to you; ask a dispatcher."))</p>"
            : "<ul class=\"plain\">\(items.joined())</ul>"
        return "<section class=\"card\"><h2>\(lang.t("我的网格", "My cells"))</h2>\(list)</section>"
    }

    private func startCard() -> String {
        let heading = "<h2>\(lang.t("开始巡查", "Start a patrol"))</h2>"
        guard !assignments.isEmpty else {
            return "<section class=\"card\">\(heading)<p class=\"muted\">\(lang.t("分配网格后即可开始巡查。", "You can patrol once a cell is assigned to you."))</p>\(error(for: "start"))</section>"
        }
        let selected = value("start", "cellCode")
        let options = assignments.map { HTML.option($0.cellCode, "\($0.cellName ?? $0.cellCode) \($0.cellCode)", selected: selected) }.joined()
        return """
        <section class="card patrol-card">\(heading)\(error(for: "start"))
        <form method="post" action="/console/patrols" class="patrol-form">
        <label for="p-cell">\(lang.t("巡查网格", "Cell")) <span class="req">*</span></label>
        <select id="p-cell" name="cellCode" required>\(options)</select>
        <label for="p-note">\(lang.t("备注（可选）", "Note (optional)"))</label>
        <input id="p-note" name="note" maxlength="500" value="\(HTML.esc(value("start", "note")))">
        <button type="submit" class="primary wide">\(lang.t("开始巡查", "Start the patrol"))</button>
        </form></section>
        """
    }

    private func openCard(_ detail: PatrolDTOs.Detail) -> String {
        let p = detail.patrol
        let findings = detail.findings.sorted { $0.at > $1.at }.map(findingItem).joined()
        return """
        <section class="card patrol-card open-patrol"><h2>\(lang.t("进行中的巡查", "Patrol in progress"))</h2>
        <p>\(cellName(p.cellCode))<br><span class="muted">\(lang.t("开始于", "Started")) \(ConsoleFormat.time(p.startedAt))</span>\(p.note.isEmpty ? "" : " · \(HTML.esc(p.note))")</p>
        \(findingForm(patrol: p.id))
        <h3>\(lang.t("本次发现", "Findings")) (\(detail.findings.count))</h3>
        \(findings.isEmpty ? "<p class=\"muted\">\(lang.t("尚无发现。", "Nothing found yet."))</p>" : "<ol class=\"findings\">\(findings)</ol>")
        \(error(for: "end"))
        <form method="post" action="/console/patrols/\(p.id.uuidString)/end" class="patrol-form">
        <button type="submit" class="secondary wide">\(lang.t("结束巡查", "End the patrol"))</button></form>
        </section>
        """
    }

    private func findingForm(patrol id: UUID) -> String {
        let f = "finding"
        return """
        <form method="post" action="/console/patrols/\(id.uuidString)/findings" class="patrol-form finding-form" data-ctrl-enter>
        <h3>\(lang.t("记录发现", "Record a finding"))</h3>\(error(for: f))
        <label for="f-text">\(lang.t("发现内容", "What you found")) <span class="req">*</span></label>
        <textarea id="f-text" name="text" rows="3" maxlength="2000" required>\(HTML.esc(value(f, "text")))</textarea>
        <label for="f-category">\(lang.t("分类", "Category"))</label>
        <select id="f-category" name="categoryCode"><option value="">\(lang.t("— 上报时再选 —", "— choose when reporting —"))</option>\(catalog.categoryOptions(selected: value(f, "categoryCode"), lang: lang))</select>
        <div class="pair">
        <div><label for="f-lon">\(lang.t("经度", "Longitude"))</label><input id="f-lon" name="lon" inputmode="decimal" autocomplete="off" value="\(HTML.esc(value(f, "lon")))"></div>
        <div><label for="f-lat">\(lang.t("纬度", "Latitude"))</label><input id="f-lat" name="lat" inputmode="decimal" autocomplete="off" value="\(HTML.esc(value(f, "lat")))"></div>
        </div>
        <p class="geo"><button type="button" data-geolocate data-lon="f-lon" data-lat="f-lat" data-wait="\(lang.t("正在定位…", "Locating…"))" data-fail="\(lang.t("无法定位", "No position"))" hidden>\(lang.t("使用当前位置", "Use my position"))</button>
        <span class="muted" data-geo-status aria-live="polite"></span></p>
        <button type="submit" class="primary wide">\(lang.t("记录发现", "Record the finding"))</button>
        </form>
        """
    }

    private func findingItem(_ f: PatrolDTOs.Finding) -> String {
        let key = "report:\(f.id.uuidString.lowercased())"
        let category = f.categoryCode.map { HTML.esc(catalog.category($0)?.label(lang) ?? $0) } ?? lang.t("未分类", "no category")
        let place = f.lon.flatMap { lon in f.lat.map { lat in String(format: "%.6f, %.6f", lon, lat) } }
            ?? lang.t("网格中心点", "the cell's centre")
        let status: String
        if let code = f.orderCode {
            status = error(for: key) + "<p class=\"reported\">\(lang.t("已上报", "Reported")) \(ConsoleFormat.time(f.reportedAt)) · "
                + "<a href=\"/console/orders/\(HTML.esc(code))\">\(HTML.esc(code))</a></p>"
        } else {
            let choose = f.categoryCode == nil ? """
                <label for="r-\(f.id.uuidString)">\(lang.t("上报分类", "Category")) <span class="req">*</span></label>
                <select id="r-\(f.id.uuidString)" name="categoryCode" required><option value="">\(lang.t("— 请选择 —", "— choose —"))</option>\(catalog.categoryOptions(selected: value(key, "categoryCode"), lang: lang))</select>
                """ : ""
            status = """
            \(error(for: key))<form method="post" action="/console/findings/\(f.id.uuidString)/report" class="patrol-form report-form">\(choose)
            <button type="submit" class="primary wide">\(lang.t("上报为工单", "Report as an order"))</button></form>
            """
        }
        return """
        <li class="finding"><div class="finding-head"><time>\(ConsoleFormat.time(f.at))</time> <span class="tag">\(category)</span></div>
        <p class="finding-text">\(HTML.esc(f.text))</p><p class="muted small">\(lang.t("位置", "Location"))：\(place)</p>
        \(status)</li>
        """
    }

    private func recentCard() -> String {
        let heading = "<h2>\(lang.t("最近巡查", "Latest patrols"))</h2>"
        guard !recent.isEmpty else {
            return "<section class=\"card\">\(heading)<p class=\"muted\">\(lang.t("还没有巡查记录。", "No patrols yet."))</p></section>"
        }
        let head = [lang.t("开始", "Started"), lang.t("网格", "Cell"), lang.t("结束", "Ended"), lang.t("发现", "Findings")]
        let rows = recent.map { p in
            """
            <tr><td class="time" data-label="\(head[0])">\(ConsoleFormat.time(p.startedAt))</td>
            <td data-label="\(head[1])">\(cellName(p.cellCode))</td>
            <td data-label="\(head[2])">\(p.endedAt.map { ConsoleFormat.time($0) } ?? "<span class=\"state state-handling\">\(lang.t("进行中", "open"))</span>")</td>
            <td class="num" data-label="\(head[3])">\(p.findings)</td></tr>
            """
        }.joined(separator: "\n")
        return """
        <section class="card">\(heading)
        <div class="table-wrap"><table class="patrols"><thead><tr>\(head.map { "<th scope=\"col\">\($0)</th>" }.joined())</tr></thead>
        <tbody>
        \(rows)
        </tbody></table></div></section>
        """
    }
}
