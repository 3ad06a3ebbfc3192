import Foundation
import HeweiCore

/// The order list (工单列表): filters as a GET form, one row per order, paging.
/// Rows are built from `OrderDTO`, so masking is exactly the API's.
struct OrderListPage {
    struct Row {
        var order: OrderDTO
        var categoryName: String?
        var leadUnitName: String?
    }

    var rows: [Row]
    var total: Int
    var page: Int
    var per: Int
    /// The filter parameters as the user gave them (kept in the form and the paging links).
    var query: [String: String]
    var catalog: ConsoleCatalog
    var error: String?
    var lang: Lang

    static let filterKeys = ["code", "state", "light", "channel", "unit", "from", "to", "sort", "per"]

    var pages: Int { max(1, (total + per - 1) / per) }

    func render() -> String {
        """
        <div class="page-head"><h1>\(lang.t("工单列表", "Work orders"))</h1>
        <p class="count">\(lang.t("共 \(total) 件", "\(total) in all"))</p></div>
        \(filterForm())
        \(HTML.flash(error, error: true))
        \(rows.isEmpty ? empty() : table())
        \(pager())
        """
    }

    private func value(_ key: String) -> String { query[key] ?? "" }

    private func select(_ key: String, _ label: String, _ options: String) -> String {
        """
        <label>\(label)<select name="\(key)"><option value="">\(lang.t("全部", "All"))</option>\(options)</select></label>
        """
    }

    private func filterForm() -> String {
        let states = WorkOrderState.allCases.map { HTML.option($0.rawValue, lang.t($0.nameZh, $0.nameEn), selected: value("state")) }
        let lights = Light.allCases.map { HTML.option($0.rawValue, ConsoleFormat.lightName($0, lang: lang), selected: value("light")) }
        let channels = catalog.channels.map { HTML.option($0.code, lang.t($0.name, $0.nameEn), selected: value("channel")) }
        let sorts: [(OrderFilter.Sort, String)] = [(.newest, lang.t("最新受理", "Newest")), (.oldest, lang.t("最早受理", "Oldest")),
                                                   (.due, lang.t("办理期限", "Due first")), (.code, lang.t("编号", "Code"))]
        let sortOptions = sorts.map { HTML.option($0.0.rawValue, $0.1, selected: value("sort").isEmpty ? OrderFilter.Sort.newest.rawValue : value("sort")) }
        return """
        <form class="filters" method="get" action="/console/orders" role="search">
        <label class="grow">\(lang.t("工单编号", "Order code"))<input name="code" value="\(HTML.esc(value("code")))" placeholder="\(lang.t("编号或其中几位", "Code or part of it"))" autocomplete="off"></label>
        \(select("state", lang.t("状态", "State"), states.joined()))
        \(select("light", lang.t("亮灯", "Light"), lights.joined()))
        \(select("channel", lang.t("渠道", "Channel"), channels.joined()))
        \(select("unit", lang.t("主办单位", "Lead unit"), catalog.unitOptions(selected: value("unit"), lang: lang)))
        <label>\(lang.t("受理自", "From"))<input type="date" name="from" value="\(HTML.esc(value("from")))"></label>
        <label>\(lang.t("至", "To"))<input type="date" name="to" value="\(HTML.esc(value("to")))"></label>
        <label>\(lang.t("排序", "Sort"))<select name="sort">\(sortOptions.joined())</select></label>
        \(value("per").isEmpty ? "" : "<input type=\"hidden\" name=\"per\" value=\"\(HTML.esc(value("per")))\">")
        <div class="buttons"><button type="submit" class="primary">\(lang.t("查询", "Search"))</button>
        <a class="button" href="/console/orders">\(lang.t("重置", "Reset"))</a></div>
        </form>
        """
    }

    private func empty() -> String {
        """
        <div class="empty"><p>\(lang.t("没有符合条件的工单。", "No work orders match."))</p>
        <p><a href="/console/orders">\(lang.t("清除筛选条件", "Clear the filters"))</a></p></div>
        """
    }

    private func table() -> String {
        let head = [lang.t("灯", "Light"), lang.t("工单编号", "Code"), lang.t("受理时间", "Created"), lang.t("渠道", "Channel"),
                    lang.t("分类", "Category"), lang.t("诉求人", "Requester"), lang.t("主办单位", "Lead unit"),
                    lang.t("状态", "State"), lang.t("办理期限", "Due")]
        let body = rows.map(row).joined(separator: "\n")
        return """
        <div class="table-wrap"><table class="orders">
        <thead><tr>\(head.map { "<th scope=\"col\">\($0)</th>" }.joined())</tr></thead>
        <tbody>
        \(body)
        </tbody></table></div>
        """
    }

    private func row(_ r: Row) -> String {
        let o = r.order
        let open = o.state != WorkOrderState.closed.rawValue
        let label = { (zh: String, en: String) in " data-label=\"\(self.lang.t(zh, en))\"" }
        let requester = o.anonymous ? lang.t("匿名", "anonymous") : o.requesterName
        return """
        <tr class="light-\(open ? o.light : "none")"><td class="light"\(label("灯", "Light"))>\(ConsoleFormat.lightDot(open ? o.light : nil, lang: lang))</td>
        <td class="code"\(label("编号", "Code"))><a href="/console/orders/\(HTML.esc(o.code))">\(HTML.esc(o.code))</a></td>
        <td class="time"\(label("受理", "Created"))>\(ConsoleFormat.time(o.createdAt))</td>
        <td\(label("渠道", "Channel"))>\(HTML.esc(ConsoleFormat.channel(o.channel, lang: lang)))</td>
        <td\(label("分类", "Category"))><span class="mono">\(HTML.esc(o.categoryCode))</span> \(HTML.esc(r.categoryName ?? ""))</td>
        <td\(label("诉求人", "Requester"))>\(HTML.esc(requester))</td>
        <td\(label("主办", "Lead unit"))>\(HTML.esc(r.leadUnitName ?? (open ? lang.t("待派单", "not dispatched") : "—")))</td>
        <td\(label("状态", "State"))><span class="state state-\(HTML.esc(o.state))">\(HTML.esc(ConsoleFormat.state(o.state, lang: lang)))</span>\(o.suspended ? " <span class=\"tag\">\(lang.t("挂起", "suspended"))</span>" : "")</td>
        <td class="time"\(label("期限", "Due"))>\(open ? ConsoleFormat.time(o.dueAt) : "—")</td></tr>
        """
    }

    private func link(page p: Int) -> String {
        let pairs = Self.filterKeys.map { ($0, value($0)) } + [("page", p > 1 ? String(p) : "")]
        return "/console/orders" + HTML.query(pairs)
    }

    private func pager() -> String {
        guard total > 0 else { return "" }
        let prev = page > 1 ? "<a class=\"button\" rel=\"prev\" href=\"\(HTML.esc(link(page: page - 1)))\">‹ \(lang.t("上一页", "Previous"))</a>"
                            : "<span class=\"button disabled\">‹ \(lang.t("上一页", "Previous"))</span>"
        let next = page < pages ? "<a class=\"button\" rel=\"next\" href=\"\(HTML.esc(link(page: page + 1)))\">\(lang.t("下一页", "Next")) ›</a>"
                                : "<span class=\"button disabled\">\(lang.t("下一页", "Next")) ›</span>"
        return """
        <nav class="pager" aria-label="\(lang.t("分页", "Pages"))">\(prev)
        <span>\(lang.t("第 \(page) / \(pages) 页，共 \(total) 件", "Page \(page) of \(pages), \(total) in all"))</span>\(next)</nav>
        """
    }
}
