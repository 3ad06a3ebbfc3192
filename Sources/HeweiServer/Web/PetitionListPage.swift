import Foundation
import HeweiCore

/// The petition list with its filters, empty state and (for those who register) the registration form.
struct PetitionListPage {
    let result: Page<PetitionDTO>
    let query: [String: String]
    let lang: Lang
    let mayRegister: Bool
    var mayExport = false

    func render(flash: String?) -> String {
        let states = HTML.option("", lang.t("全部状态", "Any state"), selected: query["state"] ?? "")
            + PetitionState.allCases.map { HTML.option($0.rawValue, lang.t($0.zh, $0.rawValue), selected: query["state"]) }.joined()
        let types = HTML.option("", lang.t("全部类别", "Any type"), selected: query["type"] ?? "")
            + PetitionType.allCases.map { HTML.option($0.rawValue, lang.t($0.zh, $0.rawValue), selected: query["type"]) }.joined()
        let rows = result.items.map { p in
            """
            <tr><td><a class="mono" href="/console/petitions/\(HTML.esc(p.code))">\(HTML.esc(p.code))</a></td>
            <td>\(HTML.esc(lang.t(p.typeName, p.type)))</td><td>\(HTML.esc(PetitionStage(rawValue: p.stage).map { lang.t($0.zh, $0.rawValue) } ?? p.stage))</td>
            <td>\(HTML.esc(lang.t(p.stateName, p.state)))</td><td>\(HTML.esc(p.handlingUnit ?? "—"))</td>
            <td>\(HTML.esc(String(p.matter.prefix(40))))</td><td>\(HTML.esc(p.petitioner))</td>
            <td>\(ConsoleFormat.time(p.registeredAt))</td></tr>
            """
        }.joined()
        let table = result.items.isEmpty
            ? "<p class=\"empty\">\(lang.t("没有符合条件的信访件。", "No petitions match."))</p>"
            : """
            <div class="table-wrap"><table class="orders"><thead><tr><th>\(lang.t("编号", "Code"))</th><th>\(lang.t("类别", "Type"))</th>
            <th>\(lang.t("阶段", "Stage"))</th><th>\(lang.t("状态", "State"))</th><th>\(lang.t("承办单位", "Handling unit"))</th>
            <th>\(lang.t("事项", "Matter"))</th><th>\(lang.t("信访人", "Petitioner"))</th><th>\(lang.t("登记时间", "Registered"))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let pagerQuery = query.filter { $0.key != "page" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return """
        <div class="page-head"><h1>\(lang.t("信访", "Petitions"))</h1><span class="muted">\(lang.t("共 \(result.total) 件", "\(result.total) petitions"))</span></div>
        \(HTML.flash(flash, error: true))
        <form method="get" action="/console/petitions" class="filters card">
        <label>\(lang.t("状态", "State")) <select name="state">\(states)</select></label>
        <label>\(lang.t("类别", "Type")) <select name="type">\(types)</select></label>
        <label>\(lang.t("承办单位代码", "Unit code")) <input name="unit" value="\(HTML.esc(query["unit"] ?? ""))" size="8"></label>
        <label>\(lang.t("搜索", "Search")) <input name="q" value="\(HTML.esc(query["q"] ?? ""))"></label>
        <button type="submit" class="primary">\(lang.t("查询", "Filter"))</button>
        \(mayExport ? "<a class=\"button\" href=\"/api/v1/petitions/export\(HTML.esc(HTML.query(pagerQuery)))\">\(lang.t("导出 CSV", "Export CSV"))</a>" : "")</form>
        \(table)
        \(HTML.pager(page: result.page, per: result.per, total: result.total, lang: lang) { HTML.query(pagerQuery + [("page", String($0))]) })
        \(mayRegister ? registration : "")
        """
    }

    var registration: String {
        let channels = PetitionChannel.allCases.map { HTML.option($0.rawValue, lang.t($0.zh, $0.rawValue), selected: "visit") }.joined()
        let types = PetitionType.allCases.map { HTML.option($0.rawValue, lang.t($0.zh, $0.rawValue), selected: "appealClaim") }.joined()
        return """
        <section class="card"><h2>\(lang.t("登记信访", "Register a petition"))</h2>
        <form method="post" action="/console/petitions" class="stack">
        <label>\(lang.t("渠道", "Channel")) <select name="channel">\(channels)</select></label>
        <label>\(lang.t("类别", "Type")) <select name="type">\(types)</select></label>
        <label>\(lang.t("信访事项", "Matter")) <textarea name="matter" rows="4" required></textarea></label>
        <label>\(lang.t("信访人姓名", "Petitioner's name")) <input name="name"></label>
        <label>\(lang.t("身份证号", "ID number")) <input name="idNumber" autocomplete="off"></label>
        <label>\(lang.t("联系电话", "Phone")) <input name="phone" autocomplete="off"></label>
        <label>\(lang.t("住址", "Address")) <input name="address"></label>
        <label>\(lang.t("涉及（被检举）单位代码", "Unit concerned (accused) code")) <input name="concernedUnitCode" size="10"></label>
        <label>\(lang.t("申请复查/复核的原信访件编号", "Review of petition (code)")) <input name="parentCode" size="18"></label>
        <label>\(lang.t("来源工单编号", "Source work order")) <input name="sourceOrderCode" size="18"></label>
        <button type="submit" class="primary">\(lang.t("登记", "Register"))</button></form></section>
        """
    }
}
