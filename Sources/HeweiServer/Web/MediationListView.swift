import Fluent
import Foundation
import HeweiCore
import Vapor

/// The list page: figures block, filters, the cases table (or an empty state), paging, new-case form.
struct MediationListView {
    let lang: Lang
    let query: [String: String]
    let mayCreate: Bool
    var result: Page<MediationCaseSummaryDTO>?
    var figures: MediationFigures?
    var error: String?
    var flash: String?
    var formError: String?
    var form: [String: String] = [:]

    func render(_ req: Request) async throws -> String {
        let e = HTML.esc
        let rooms = try await MediationRoomModel.query(on: req.db).filter(\.$active == true).sort(\.$code).all()
        let roomOptions = rooms.map { HTML.option($0.code, "\($0.code) \($0.name)", selected: query["room"]) }.joined()
        let states = MediationState.allCases.map { HTML.option($0.rawValue, MediationText.state($0.rawValue, lang), selected: query["state"]) }.joined()
        let types = MediationDisputeTypes.defaults.map { HTML.option($0.code, MediationText.type($0.code, lang), selected: query["disputeType"]) }.joined()
        let filters = """
        <form class="filters" method="get" action="/console/mediation">
        <label>\(lang.t("状态", "State")) <select name="state"><option value="">\(lang.t("全部", "All"))</option>\(states)</select></label>
        <label>\(lang.t("纠纷类型", "Dispute type")) <select name="disputeType"><option value="">\(lang.t("全部", "All"))</option>\(types)</select></label>
        <label>\(lang.t("调解室", "Room")) <select name="room"><option value="">\(lang.t("全部", "All"))</option>\(roomOptions)</select></label>
        <label>\(lang.t("编号或当事人", "Code or party")) <input name="q" value="\(e(query["q"] ?? ""))"></label>
        <label>\(lang.t("自", "From")) <input type="date" name="from" value="\(e(query["from"] ?? ""))"></label>
        <label>\(lang.t("至", "To")) <input type="date" name="to" value="\(e(query["to"] ?? ""))"></label>
        <button>\(lang.t("筛选", "Filter"))</button></form>
        """
        var table = ""
        if let result {
            let rows = result.items.map { c in
                """
                <tr><td><a class="mono" href="/console/mediation/cases/\(e(c.code))">\(e(c.code))</a></td>
                <td>\(e(MediationText.state(c.state, lang)))</td><td>\(e(MediationText.type(c.disputeType, lang)))</td>
                <td>\(e(c.applicant)) — \(e(c.respondent))</td><td>\(e(c.room))</td><td>\(e(MediationText.source(c.source, lang)))</td>
                <td>\(ConsoleFormat.time(c.createdAt))</td></tr>
                """
            }.joined()
            table = result.items.isEmpty
                ? "<p class=\"empty\">\(lang.t("没有符合条件的调解案件。", "No mediation cases match."))</p>"
                : """
                <div class="table-wrap"><table class="orders"><thead><tr><th>\(lang.t("编号", "Code"))</th><th>\(lang.t("状态", "State"))</th>
                <th>\(lang.t("纠纷类型", "Type"))</th><th>\(lang.t("当事人", "Parties"))</th><th>\(lang.t("调解室", "Room"))</th>
                <th>\(lang.t("来源", "Source"))</th><th>\(lang.t("受理时间", "Opened"))</th></tr></thead><tbody>\(rows)</tbody></table></div>
                \(HTML.pager(page: result.page, per: result.per, total: result.total, lang: lang) { p in
                    "/console/mediation" + HTML.query(MediationPages.filterKeys.filter { $0 != "page" }.compactMap { k in query[k].map { (k, $0) } } + [("page", String(p))])
                })
                """
        }
        return """
        <div class="page-head"><h1>\(lang.t("人民调解", "People's mediation"))</h1><span class="muted">\(lang.t("共 \(result?.total ?? 0) 件", "\(result?.total ?? 0) cases"))</span></div>
        \(HTML.flash(flash))\(HTML.flash(error, error: true))
        \(figuresBlock())
        \(filters)
        \(table)
        \(mayCreate ? newCaseForm(rooms) : "")
        """
    }

    func figuresBlock() -> String {
        guard let f = figures?.total else { return "" }
        func cell(_ label: String, _ value: String) -> String { "<div class=\"figure\"><span class=\"muted\">\(label)</span><strong>\(value)</strong></div>" }
        return """
        <section class="figures" aria-label="\(lang.t("调解统计", "Figures"))">
        \(cell(lang.t("受理", "Accepted"), String(f.accepted)))\(cell(lang.t("达成协议", "Agreements"), "\(f.agreements)（\(lang.t("书面", "written")) \(f.written) / \(lang.t("口头", "oral")) \(f.oral)）"))
        \(cell(lang.t("调解不成", "Failed"), String(f.failures)))\(cell(lang.t("调解成功率", "Success rate"), MediationText.percent(f.successRate)))
        \(cell(lang.t("满意率", "Satisfaction"), MediationText.percent(f.satisfactionRate)))\(cell(lang.t("按期办结率", "On time"), MediationText.percent(f.onTimeRate)))
        </section>
        \(byType())
        """
    }

    func byType() -> String {
        guard let groups = figures?.groups, !groups.isEmpty else { return "" }
        let rows = groups.map {
            "<tr><td>\(HTML.esc(MediationText.type($0.key, lang)))</td><td>\($0.accepted)</td><td>\($0.agreements)</td><td>\($0.failures)</td><td>\(MediationText.percent($0.successRate))</td><td>\(MediationText.percent($0.satisfactionRate))</td></tr>"
        }.joined()
        return """
        <details class="figures-by-type"><summary>\(lang.t("按纠纷类型", "By dispute type"))</summary><div class="table-wrap"><table class="orders">
        <thead><tr><th>\(lang.t("类型", "Type"))</th><th>\(lang.t("受理", "Accepted"))</th><th>\(lang.t("协议", "Agreements"))</th><th>\(lang.t("不成", "Failed"))</th>
        <th>\(lang.t("成功率", "Success"))</th><th>\(lang.t("满意率", "Satisfaction"))</th></tr></thead><tbody>\(rows)</tbody></table></div></details>
        """
    }

    func newCaseForm(_ rooms: [MediationRoomModel]) -> String {
        let e = HTML.esc
        func v(_ k: String) -> String { e(form[k] ?? "") }
        let sources = MediationSource.allCases.map { HTML.option($0.rawValue, MediationText.source($0.rawValue, lang), selected: form["source"] ?? "walkIn") }.joined()
        let types = MediationDisputeTypes.defaults.map { HTML.option($0.code, MediationText.type($0.code, lang), selected: form["disputeType"]) }.joined()
        let roomOptions = rooms.map { HTML.option($0.code, "\($0.code) \($0.name)", selected: form["roomCode"]) }.joined()
        func party(_ p: String, _ label: String) -> String {
            """
            <fieldset><legend>\(label)</legend>
            <label>\(lang.t("姓名或名称", "Name")) <input name="\(p)Name" required value="\(v(p + "Name"))"></label>
            <label>\(lang.t("类型", "Kind")) <select name="\(p)Kind">\(HTML.option("person", lang.t("自然人", "Person"), selected: form[p + "Kind"]))\(HTML.option("organisation", lang.t("单位", "Organisation"), selected: form[p + "Kind"]))</select></label>
            <label>\(lang.t("电话", "Phone")) <input name="\(p)Phone" value="\(v(p + "Phone"))"></label>
            <label>\(lang.t("身份证号", "ID number")) <input name="\(p)IdNumber" value="\(v(p + "IdNumber"))"></label>
            <label>\(lang.t("住所", "Address")) <input name="\(p)Address" value="\(v(p + "Address"))"></label>
            <label>\(lang.t("同意调解", "Consents")) <select name="\(p)Consent">\(HTML.option("yes", lang.t("同意", "Yes"), selected: form[p + "Consent"]))\(HTML.option("no", lang.t("不同意", "No"), selected: form[p + "Consent"]))\(HTML.option("", lang.t("尚未征询", "Not asked yet"), selected: form[p + "Consent"]))</select></label>
            </fieldset>
            """
        }
        return """
        <section class="card"><h2>\(lang.t("受理调解申请", "Open a mediation case"))</h2>\(HTML.flash(formError, error: true))
        <form method="post" action="/console/mediation/cases">
        <label>\(lang.t("来源", "Source")) <select name="source">\(sources)</select></label>
        <label>\(lang.t("来源编号（工单号、法院案号等）", "Source reference")) <input name="sourceRef" value="\(v("sourceRef"))"></label>
        <label>\(lang.t("纠纷类型", "Dispute type")) <select name="disputeType" required>\(types)</select></label>
        <label>\(lang.t("调解室", "Room")) <select name="roomCode"><option value="">\(lang.t("本中心默认调解室", "My centre's room"))</option>\(roomOptions)</select></label>
        <label>\(lang.t("纠纷事实及争议事项", "Facts and disputed matters")) <textarea name="summary" required>\(v("summary"))</textarea></label>
        \(party("applicant", lang.t("申请人", "Applicant")))\(party("respondent", lang.t("被申请人", "Respondent")))
        <label><input type="checkbox" name="major" value="true"\(form["major"] == "true" ? " checked" : "")> \(lang.t("重大纠纷（可召集会商研判）", "Major case (may convene a consultation)"))</label>
        <button>\(lang.t("受理", "Open case"))</button></form></section>
        """
    }
}
