import Fluent
import Foundation
import HeweiCore
import Vapor

/// Service requests: a request is a work order (service_request_id = the order's code).
struct Open311Requests {
    let req: Request
    let time: Open311Time

    init(_ req: Request) {
        self.req = req
        self.time = Open311Time(utcOffset: req.hewei.rules.current.calendar.utcOffset)
    }

    static let maxSpan: TimeInterval = 90 * 86_400

    /// Actions whose name appears in the public history (`notes`, updates); the rest (objections,
    /// extension requests, supervision, follow-up results, pools, assisting units…) are internal.
    static let publicActions: Set<OrderAction> = [.accept, .answerAtOnce, .dispatch, .reassign, .signFor, .claim, .approveExtension,
                                                  .report, .reply, .redo, .close, .suspend, .resume, .merge, .unmerge]
    /// Actions whose note is the answer to the resident, and so public.
    static let publicNotes: Set<OrderAction> = [.answerAtOnce, .reply]

    /// Orders whose content and place are not published: accusations (举报) and matters that came in
    /// through the petition and secretary's-mailbox channels.
    static func confidential(_ o: WorkOrderModel) -> Bool {
        o.requestKind == RequestKind.report.rawValue || o.channel == HeweiCore.Channel.onlinePetition.rawValue
            || o.channel == HeweiCore.Channel.secretaryMailbox.rawValue
    }

    // MARK: create

    func create(_ form: Open311Form, client: Open311ClientModel, format: Open311Format) async throws -> Response {
        guard let code = form.first("service_code") else { throw Open311Error.badRequest("service_code is required") }
        var found = req.hewei.categories.category(code)
        if found == nil { found = try await CategoryModel.query(on: req.db).filter(\.$code == code).first() }
        guard let category = found, category.active, category.isLeaf else {
            throw Open311Error.notFound("unknown service_code '\(code)'")
        }
        var lat: Double?, lon: Double?
        switch (form.first("lat"), form.first("long")) {
        case (nil, nil): break
        case let (a?, b?):
            guard let la = Double(a), let lo = Double(b), la.isFinite, lo.isFinite else { throw Open311Error.badRequest("lat and long must be numbers (WGS84)") }
            lat = la; lon = lo
        default: throw Open311Error.badRequest("give both lat and long, or neither")
        }
        let addressString = form.first("address_string").map(Open311Text.stripHTML)
        let addressID = form.first("address_id")
        guard lat != nil || addressString != nil || addressID != nil else {
            throw Open311Error.badRequest("a location is required: lat and long, address_string or address_id")
        }
        guard let raw = form.first("description") else {
            throw Open311Error.badRequest("description is required: a work order needs the matter in words")
        }
        guard raw.count <= 4000 else { throw Open311Error.badRequest("description must be at most 4000 characters") }
        let description = Open311Text.stripHTML(raw)
        guard !description.isEmpty else { throw Open311Error.badRequest("description is required (it was empty once HTML was removed)") }
        let kind = try form.attribute("request_kind").map { value -> String in
            guard let k = RequestKind(rawValue: value) ?? RequestKind.allCases.first(where: { $0.nameZh == value }) else {
                throw Open311Error.badRequest("attribute[request_kind]: must be one of " + RequestKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return k.rawValue
        } ?? RequestKind.complaint.rawValue
        let urgency = try form.attribute("urgency").map { value -> String in
            guard let u = Urgency(rawValue: value) else {
                throw Open311Error.badRequest("attribute[urgency]: must be one of " + Urgency.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return u.rawValue
        }
        let mediaURL = try form.first("media_url").map { url -> String in
            guard url.count <= 1000, let u = URL(string: url), ["http", "https"].contains(u.scheme?.lowercased() ?? "") else {
                throw Open311Error.badRequest("media_url must be an http(s) URL of at most 1000 characters")
            }
            return url
        }
        let phone = form.first("phone")
        let name = Self.personName(first: form.first("first_name"), last: form.first("last_name"))
        var address = addressString ?? ""
        if address.isEmpty, let addressID { address = "地址编号 \(addressID)" }
        if address.isEmpty, let lat, let lon { address = String(format: "坐标 %.6f, %.6f", lat, lon) }
        let key = req.headers.first(name: "Idempotency-Key")
        // The request's own reference on the channel: the client's Idempotency-Key, if it sent one.
        let ref = key.map { String("\(client.name):\($0)".prefix(100)) }
        let input = IntakeInput(channel: HeweiCore.Channel.open311.rawValue, channelRef: ref, requestKind: kind,
                                categoryCode: category.code, urgency: urgency, longitude: lon, latitude: lat,
                                address: String(address.prefix(300)),
                                requesterName: phone == nil ? nil : (name ?? "（未留姓名）"), requesterPhone: phone,
                                anonymous: phone == nil, content: description, dispatchTo: "auto", answerAtOnce: nil)
        let actor = Principal(id: client.id, username: "open311:\(client.name)", name: "Open311 · \(client.name)", role: nil, unitID: nil)
        let result: OrderWorkflow.IntakeResult
        do {
            result = try await req.hewei.workflow(on: req.db).intake(input, by: actor, idempotencyKey: key)
        } catch let HeweiError.invalidField(field, why) {
            throw Open311Error.badRequest("\(Self.open311Field(field)): \(why)")
        }
        let order = result.order
        if !result.replayed {
            req.hewei.metrics.ordersCreated(channel: order.channel).increment()
            let extra = Open311RequestModel()
            extra.orderID = order.id!
            extra.clientID = client.id!
            extra.mediaURL = mediaURL
            extra.accountID = form.first("account_id").map { String($0.prefix(100)) }
            extra.createdAt = req.hewei.clock.now()
            try await req.db.write(gate: req.hewei.gate) { db in try await extra.create(on: db) }
        }
        try? await req.hewei.audit.record(AuditDraft(actor: actor, kind: "write", action: "POST /open311/v2/requests",
                                                     target: "order \(order.code)", status: 200,
                                                     reason: result.replayed ? "idempotent replay" : "",
                                                     ip: req.remoteAddress?.ipAddress ?? ""))
        var notice = "已受理，工单号 \(order.code)"
        if let unit = req.hewei.org.unit(order.leadUnitID) { notice += "，承办单位 \(unit.name)" }
        if let due = order.dueAt { notice += "，办理时限至 \(time.format(due))" }
        var fields: [(String, Open311Value)] = [("service_request_id", .string(order.code)), ("service_notice", .string(notice))]
        if let account = form.first("account_id") { fields.append(("account_id", .string(account))) }
        let response = Open311Response.make(.list(item: "request", [.object(fields)]), root: "service_requests", format: format)
        if result.replayed { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        return response
    }

    /// Chinese names are family name first (张 + 三 → 张三); others "first last".
    static func personName(first: String?, last: String?) -> String? {
        let parts = [first, last].compactMap { $0.map(Open311Text.stripHTML) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return nil }
        let cjk = parts.joined().unicodeScalars.contains { $0.value >= 0x2E80 }
        let name = cjk ? [last, first].compactMap { $0 }.joined() : parts.joined(separator: " ")
        return String(name.prefix(50))
    }

    static func open311Field(_ field: String) -> String {
        ["requesterPhone": "phone", "requesterName": "first_name/last_name", "content": "description", "address": "address_string",
         "longitude": "long", "latitude": "lat", "urgency": "attribute[urgency]", "requestKind": "attribute[request_kind]",
         "categoryCode": "service_code", "Idempotency-Key": "Idempotency-Key header"][field] ?? field
    }

    // MARK: query

    func query(_ q: Open311Query, format: Open311Format) async throws -> Response {
        let (page, size) = try Self.paging(q)
        let extensions = q["extensions"] == "true"
        var query = WorkOrderModel.query(on: req.db)
        if let ids = q["service_request_id"] {
            let codes = ids.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard codes.count <= 500 else { throw Open311Error.badRequest("service_request_id: at most 500 ids") }
            query = query.filter(\.$code ~~ codes)
        } else {
            let (start, end) = try range(q)
            query = query.filter(\.$createdAt >= start).filter(\.$createdAt <= end)
            if let codes = q["service_code"] {
                query = query.filter(\.$categoryCode ~~ codes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            }
            if let statuses = q["status"] {
                let set = Set(statuses.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
                guard set.isSubset(of: ["open", "closed"]) else { throw Open311Error.badRequest("status: open, closed or both (comma list)") }
                if set == ["open"] { query = query.filter(\.$state != WorkOrderState.closed.rawValue) }
                if set == ["closed"] { query = query.filter(\.$state == WorkOrderState.closed.rawValue) }
            }
        }
        let orders = try await query.sort(\.$createdAt, .descending).sort(\.$code, .descending)
            .range(((page - 1) * size)..<(page * size)).all()
        let items = try await render(orders, extensions: extensions)
        return Open311Response.make(.list(item: "request", items), root: "service_requests", format: format)
    }

    func one(_ id: String, query q: Open311Query, format: Open311Format) async throws -> Response {
        guard let order = try await WorkOrderModel.query(on: req.db).filter(\.$code == id).first() else {
            throw Open311Error.notFound("unknown service_request_id '\(id)'")
        }
        let items = try await render([order], extensions: q["extensions"] == "true")
        return Open311Response.make(.list(item: "request", items), root: "service_requests", format: format)
    }

    static func paging(_ q: Open311Query) throws -> (Int, Int) {
        func int(_ key: String, _ d: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let v = q[key] else { return d }
            guard let n = Int(v), range.contains(n) else {
                throw Open311Error.badRequest("\(key): a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return n
        }
        return (try int("page", 1, 1...100_000), try int("page_size", 50, 1...500))
    }

    /// start_date/end_date: at most 90 days apart; by default the last 90 days.
    func range(_ q: Open311Query) throws -> (Date, Date) {
        let now = req.hewei.clock.now()
        let start = try q["start_date"].map { try time.parse($0, field: "start_date") }
        let end = try q["end_date"].map { try time.parse($0, field: "end_date") }
        let (s, e): (Date, Date)
        switch (start, end) {
        case (nil, nil): (s, e) = (now.addingTimeInterval(-Self.maxSpan), now)
        case let (s0?, nil): (s, e) = (s0, s0.addingTimeInterval(Self.maxSpan))
        case let (nil, e0?): (s, e) = (e0.addingTimeInterval(-Self.maxSpan), e0)
        case let (s0?, e0?): (s, e) = (s0, e0)
        }
        guard s <= e else { throw Open311Error.badRequest("start_date must not be after end_date") }
        guard e.timeIntervalSince(s) <= Self.maxSpan else {
            throw Open311Error.badRequest("start_date and end_date may be at most 90 days apart")
        }
        return (s, e)
    }

    // MARK: rendering

    private func render(_ orders: [WorkOrderModel], extensions: Bool) async throws -> [Open311Value] {
        guard !orders.isEmpty else { return [] }
        let ids = orders.compactMap(\.id)
        let actions = (extensions ? Self.publicActions : Self.publicNotes).map(\.rawValue)
        let events = try await OrderEventModel.query(on: req.db).filter(\.$orderID ~~ ids).filter(\.$action ~~ actions)
            .sort(\.$orderID).sort(\.$seq).all()
        let byOrder = Dictionary(grouping: events, by: \.orderID)
        let media = Dictionary(try await Open311RequestModel.query(on: req.db).filter(\.$orderID ~~ ids).all().map { ($0.orderID, $0.mediaURL) },
                               uniquingKeysWith: { a, _ in a })
        var handlingDue: [UUID: Date] = [:]
        let missing = orders.filter { $0.dueAt == nil && $0.state != WorkOrderState.closed.rawValue }.compactMap(\.id)
        if !missing.isEmpty {
            for d in try await DeadlineModel.query(on: req.db).filter(\.$orderID ~~ missing).filter(\.$kind == "handling")
                .sort(\.$startedAt).all() {
                if let due = d.dueAt { handlingDue[d.orderID] = due }
            }
        }
        return orders.map { o in
            request(o, events: byOrder[o.id!] ?? [], mediaURL: media[o.id!] ?? nil,
                    expected: o.dueAt ?? handlingDue[o.id!], extensions: extensions)
        }
    }

    private func request(_ o: WorkOrderModel, events: [OrderEventModel], mediaURL: String?, expected: Date?, extensions: Bool) -> Open311Value {
        let category = req.hewei.categories.category(o.categoryCode)
        let secret = Self.confidential(o)
        let closed = o.state == WorkOrderState.closed.rawValue
        let answers = secret ? [] : events.filter { OrderAction(rawValue: $0.action).map(Self.publicNotes.contains) ?? false }
        let statusNotes = answers.last.map { Open311Text.scrub($0.note) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? WorkOrderState(rawValue: o.state)?.nameZh
        var fields: [(String, Open311Value)] = [
            ("service_request_id", .string(o.code)),
            ("status", .string(closed ? "closed" : "open")),
            ("status_notes", .optional(statusNotes)),
            ("service_name", .optional(category?.name)),
            ("service_code", .string(o.categoryCode)),
            ("description", .string(secret ? "（内容不公开）" : Open311Text.scrub(o.content))),
            ("agency_responsible", .optional(req.hewei.org.unit(o.leadUnitID)?.name)),
            ("service_notice", .null),
            ("requested_datetime", .string(time.format(o.createdAt))),
            ("updated_datetime", .string(time.format(closed ? (o.closedAt ?? o.updatedAt) : o.updatedAt))),
            ("expected_datetime", time.format(closed ? nil : expected)),
            ("address", .string(secret ? "（不公开）" : Open311Text.scrub(o.address))),
            ("address_id", .null),
            ("zipcode", .null),
            ("lat", secret ? .null : .optional(o.latitude)),
            ("long", secret ? .null : .optional(o.longitude)),
            ("media_url", secret ? .null : .optional(mediaURL)),
        ]
        if extensions {
            fields.append(("extended_attributes", .object([
                ("channel", .string(o.channel)),
                ("cell_code", secret ? .null : .optional(o.cellMicro)),
                ("round", .int(o.round)),
            ])))
            let notes: [Open311Value] = events.compactMap { e in
                guard let action = OrderAction(rawValue: e.action), Self.publicActions.contains(action) else { return nil }
                return .object([
                    ("datetime", .string(time.format(e.at))),
                    ("description", .string(noteText(e, action: action, secret: secret))),
                    ("type", .string(action.rawValue)),
                    ("summary", .string(action.nameZh)),
                ])
            }
            fields.append(("notes", .list(item: "note", notes)))
        }
        return .object(fields)
    }

    /// The public text of an event: the action's name, plus the answer to the resident for a reply.
    private func noteText(_ e: OrderEventModel, action: OrderAction, secret: Bool) -> String {
        var text = "\(action.nameZh) \(action.nameEn)"
        if action == .dispatch || action == .reassign || action == .claim, let unit = req.hewei.org.unit(e.targetUnitID ?? e.actorUnitID) {
            text += "：\(unit.name)"
        }
        if !secret, Self.publicNotes.contains(action) {
            let note = Open311Text.scrub(e.note).trimmingCharacters(in: .whitespacesAndNewlines)
            if !note.isEmpty { text += "：\(note)" }
        }
        return text
    }

    // MARK: mySociety updates

    /// GET servicerequestupdates: the public events between start_date and end_date, oldest first.
    func updates(_ q: Open311Query, format: Open311Format) async throws -> Response {
        let (page, size) = try Self.paging(q)
        let (start, end) = try range(q)
        let events = try await OrderEventModel.query(on: req.db).filter(\.$at >= start).filter(\.$at <= end)
            .filter(\.$action ~~ Self.publicActions.map(\.rawValue)).sort(\.$at).sort(\.$id)
            .range(((page - 1) * size)..<(page * size)).all()
        let orderIDs = Array(Set(events.map(\.orderID)))
        let orders = orderIDs.isEmpty ? [:] : Dictionary(try await WorkOrderModel.query(on: req.db).filter(\.$id ~~ orderIDs).all().map { ($0.id!, $0) },
                                                         uniquingKeysWith: { a, _ in a })
        let items: [Open311Value] = events.compactMap { e in
            guard let order = orders[e.orderID], let action = OrderAction(rawValue: e.action) else { return nil }
            return .object([
                ("update_id", .string(e.id!.uuidString.lowercased())),
                ("service_request_id", .string(order.code)),
                ("status", .string(e.toState == WorkOrderState.closed.rawValue ? "closed" : "open")),
                ("updated_datetime", .string(time.format(e.at))),
                ("description", .string(noteText(e, action: action, secret: Self.confidential(order)))),
                ("media_url", .null),
            ])
        }
        return Open311Response.make(.list(item: "request_update", items), root: "service_request_updates", format: format)
    }
}
