import Foundation
import HeweiCore
import Vapor

/// `/console/reception`: the calendar of leaders' reception days (upcoming, or one month), the form
/// for a new day, and a selected day's bookings with the booking form and the outcome forms. Every
/// read and write goes through the API's own handlers.
struct ReceptionPages: RouteCollection {
    struct Form: Content {
        var leaderUsername, leaderName, leaderTitle, date, starts, ends, place, topics, capacity: String?
        var name, phone, matter: String?
        var outcome, note: String?
        var day: String?
        var reason: String?

        /// The day's fields as the API takes them (capacity must be a whole number).
        func dayInput() throws -> ReceptionDayInput {
            guard let capacity = Int(capacity ?? "") else { throw HeweiError.invalidField("capacity", "must be a whole number") }
            return ReceptionDayInput(leaderUsername: leaderUsername, leaderName: leaderName, leaderTitle: leaderTitle ?? "",
                                     date: date ?? "", starts: starts ?? "", ends: ends ?? "", place: place ?? "",
                                     topics: topics, capacity: capacity)
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("reception", use: show)
        routes.post("reception", "days", use: createDay)
        routes.post("reception", "days", ":id", "bookings", use: book)
        routes.post("reception", "days", ":id", use: changeDay)
        routes.post("reception", "days", ":id", "cancel", use: cancelDay)
        routes.post("reception", "bookings", ":id", "outcome", use: outcome)
        routes.post("reception", "bookings", ":id", "cancel", use: cancel)
    }

    func show(req: Request) async throws -> Response {
        try await render(req, flash: req.query[String.self, at: "done"] != nil ? Lang.of(req).t("已保存。", "Saved.") : nil, error: nil)
    }

    func render(_ req: Request, flash: String?, error: String?, status: HTTPResponseStatus = .ok, form: Form? = nil) async throws -> Response {
        let lang = Lang.of(req)
        let viewer = try req.principal()
        try viewer.require(.reception, .list)
        let month = ConsoleAPI.given(req.query[String.self, at: "month"]) ?? ""
        let page = max(Int(req.query[String.self, at: "page"] ?? "") ?? 1, 1)
        let days = try await ReceptionController().days(req: ConsoleAPI.request(req, query: [("month", month), ("page", String(page))]))
        let selected = ConsoleAPI.given(req.query[String.self, at: "day"]) ?? form?.day
        var detail: ReceptionDayDetailDTO?
        if let selected, UUID(uuidString: selected) != nil {
            detail = try? await ReceptionController().day(req: ConsoleAPI.request(req, parameters: ["id": selected]))
        }
        let rows = days.items.map { d in
            """
            <tr><td><a href="?day=\(d.id)\(month.isEmpty ? "" : "&month=\(HTML.esc(month))")">\(HTML.esc(d.date))</a></td>
            <td>\(HTML.esc(d.starts))–\(HTML.esc(d.ends))</td><td>\(HTML.esc(d.leaderName)) <span class="muted">\(HTML.esc(d.leaderTitle))</span></td>
            <td>\(HTML.esc(d.place))</td><td>\(HTML.esc(d.topics))</td>
            <td>\(d.state == "cancelled" ? "<span class=\"state\">\(lang.t("已取消", "Cancelled"))</span>" : "\(d.booked) / \(d.capacity)")</td></tr>
            """
        }.joined()
        let calendar = days.items.isEmpty
            ? "<p class=\"empty\">\(lang.t("没有接访日安排。", "No reception days scheduled."))</p>"
            : """
            <div class="table-wrap"><table class="orders"><thead><tr><th>\(lang.t("日期", "Date"))</th><th>\(lang.t("时段", "Time"))</th>
            <th>\(lang.t("接访领导", "Leader"))</th><th>\(lang.t("地点", "Place"))</th><th>\(lang.t("接访主题", "Topics"))</th>
            <th>\(lang.t("已约 / 名额", "Booked / capacity"))</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        let body = """
        <div class="page-head"><h1>\(lang.t("领导接访", "Leader reception"))</h1><span class="muted">\(lang.t("共 \(days.total) 个接访日", "\(days.total) reception days"))</span></div>
        \(HTML.flash(flash))\(HTML.flash(error, error: true))
        <form method="get" action="/console/reception" class="inline"><label>\(lang.t("月份", "Month")) <input type="month" name="month" value="\(HTML.esc(month))"></label>
        <button type="submit">\(lang.t("筛选", "Filter"))</button> <a href="/console/reception">\(lang.t("即将到来", "Upcoming"))</a></form>
        \(calendar)
        \(HTML.pager(page: days.page, per: days.per, total: days.total, lang: lang) { "?month=\(month)&page=\($0)" })
        \(detail.map { ReceptionDayCard.render($0, viewer: viewer, lang: lang) } ?? "")
        \(viewer.may(.reception, .create) ? ReceptionDayCard.newDayForm(lang: lang, form: form) : "")
        """
        return HTML.render(req, title: lang.t("领导接访", "Leader reception"), nav: "reception", path: "/console/reception", body: body, status: status)
    }

    /// Runs an API write; on a refusal the page is shown again with the reason.
    private func attempt(_ req: Request, form: Form, day: String?, _ body: () async throws -> String?) async throws -> Response {
        var target = day
        do {
            target = try await body() ?? day
        } catch let error as HeweiError {
            if case .forbidden = error { throw error }
            var form = form
            form.day = day
            return try await render(req, flash: nil, error: ReceptionDayCard.describe(error, lang: Lang.of(req)), status: error.status, form: form)
        }
        return req.redirect(to: "/console/reception?done=1" + (target.map { "&day=\($0)" } ?? ""), redirectType: .normal)
    }

    func createDay(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        return try await attempt(req, form: f, day: nil) {
            let res = try await ReceptionController().createDay(req: try ConsoleAPI.request(req, body: try f.dayInput()))
            return try ConsoleAPI.decode(res, as: ReceptionDayDTO.self).id.uuidString
        }
    }

    func changeDay(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        let day = req.parameters.get("id") ?? ""
        return try await attempt(req, form: f, day: day) {
            var input = try f.dayInput()
            input.note = f.note
            _ = try await ReceptionController().changeDay(req: try ConsoleAPI.request(req, parameters: ["id": day], body: input))
            return nil
        }
    }

    func cancelDay(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        let day = req.parameters.get("id") ?? ""
        return try await attempt(req, form: f, day: day) {
            _ = try await ReceptionController().cancelDay(req: try ConsoleAPI.request(req, parameters: ["id": day],
                                                                                       body: ReceptionDayCancel(reason: f.reason ?? "")))
            return nil
        }
    }

    func book(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        let day = req.parameters.get("id") ?? ""
        return try await attempt(req, form: f, day: day) {
            let input = ReceptionBookingInput(name: f.name ?? "", phone: f.phone ?? "", matter: f.matter ?? "")
            _ = try await ReceptionController().book(req: try ConsoleAPI.request(req, parameters: ["id": day], body: input))
            return nil
        }
    }

    func outcome(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        let id = req.parameters.get("id") ?? ""
        return try await attempt(req, form: f, day: f.day) {
            let referral = try req.content.decode(ReferralForm.self).input
            let input = ReceptionOutcomeInput(outcome: f.outcome ?? "", note: f.note, referral: referral)
            _ = try await ReceptionController().outcome(req: try ConsoleAPI.request(req, parameters: ["id": id], body: input))
            return nil
        }
    }

    func cancel(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        let id = req.parameters.get("id") ?? ""
        return try await attempt(req, form: f, day: f.day) {
            _ = try await ReceptionController().act(req: try ConsoleAPI.request(req, parameters: ["id": id, "action": "cancel"],
                                                                                 body: CaseNoteInput(note: f.note)))
            return nil
        }
    }
}
