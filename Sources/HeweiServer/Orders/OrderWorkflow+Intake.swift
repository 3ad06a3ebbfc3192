import Fluent
import Foundation
import HeweiCore

extension OrderWorkflow {
    struct IntakeResult {
        let order: WorkOrderModel
        /// True when the Idempotency-Key had been seen: nothing new was created.
        let replayed: Bool
    }

    /// Registers a request (受理), and in the same transaction answers it at once or dispatches it.
    /// `trackingCode`: the resident portal's tracking code (查询码), stored on the new order.
    func intake(_ input: IntakeInput, by actor: Principal, idempotencyKey: String?, trackingCode: String? = nil) async throws -> IntakeResult {
        try actor.require(.orders, .create)
        // Keys are per account: one client's key never finds another client's order. On a machine
        // channel the request's own reference (channelRef) is the key, whoever sends it: the same
        // request arriving twice is one order (the unique index on the key decides under concurrency).
        let reference = try Validate.text(input.channelRef, "channelRef", max: 100, required: false)
        let key: String?
        if channels?.channel(input.channel)?.machine == true, !reference.isEmpty {
            key = "ref:\(input.channel):\(reference)"
        } else {
            key = try idempotencyKey.map { "\(actor.id?.uuidString ?? "system"):" + (try Validate.text($0, "Idempotency-Key", max: 200)) }
        }
        if let key, let existing = try await WorkOrderModel.query(on: db).filter(\.$idempotencyKey == key).first() {
            return IntakeResult(order: existing, replayed: true)
        }
        var validated = try await validate(input, actorRole: actor.role, machineToken: actor.scopes != nil)
        validated.trackingCode = trackingCode
        let checked = validated
        // A pooled intake also writes the pool's rows: the ordinary (unbatched) path.
        if gate.serial && checked.poolUnits.isEmpty {
            let workflow = self
            let job = IntakeJob(dayKey: dayKey, idempotencyKey: key, database: db,
                                build: { seq in try workflow.rows(checked, key: key, by: actor, sequence: seq) },
                                fallback: { db in try await workflow.create(checked, key: key, by: actor, on: db) })
            let (order, replayed) = try await gate.submit(job)
            return IntakeResult(order: order, replayed: replayed)
        }
        do {
            let order = try await db.write(gate: gate) { db in
                if let key, try await WorkOrderModel.query(on: db).filter(\.$idempotencyKey == key).first() != nil {
                    throw IdempotentReplay()
                }
                return try await self.create(checked, key: key, by: actor, on: db)
            }
            return IntakeResult(order: order, replayed: false)
        } catch {
            // A concurrent retry with the same key won the unique index: return its order.
            if let key, let existing = try? await WorkOrderModel.query(on: db).filter(\.$idempotencyKey == key).first() {
                return IntakeResult(order: existing, replayed: true)
            }
            throw error
        }
    }

    private struct IdempotentReplay: Error {}

    struct CheckedIntake: Sendable {
        var input: IntakeInput
        /// A configured channel's code (see `ChannelDirectory`).
        var channel: String
        var kind: RequestKind
        var urgency: Urgency
        var category: CategoryModel
        var dispatchUnit: OrgDirectory.Unit?
        /// Grid cells by level, when the location lies in the grid.
        var cells: [GridLevel: String]
        var answer: String?
        var name: String
        var phone: String
        var anonymous: Bool
        var address: String
        var content: String
        var trackingCode: String? = nil
        /// A routing rule sent the order to a claim pool of these units (`dispatchUnit` is then nil).
        var poolUnits: [OrgDirectory.Unit] = []
    }

    /// An active configured channel; a machine channel (device alerts, Open311) only from a machine
    /// interface (no role) or a machine token, never typed in by staff.
    func checkChannel(_ code: String, actorRole: Role?, machineToken: Bool) throws -> String {
        guard let channels, !channels.all.isEmpty else {
            return try Validate.choice(code, "channel", as: Channel.self).rawValue
        }
        guard let channel = channels.channel(code), channel.active else {
            let known = channels.all.filter(\.active).map(\.code).joined(separator: ", ")
            throw HeweiError.invalidField("channel", "must be one of the active channels: \(known)")
        }
        if channel.machine, actorRole != nil, !machineToken {
            throw HeweiError.invalidField("channel", "'\(code)' takes requests only from its machine interface")
        }
        return channel.code
    }

    func validate(_ input: IntakeInput, actorRole: Role?, machineToken: Bool = false) async throws -> CheckedIntake {
        let channel = try checkChannel(input.channel, actorRole: actorRole, machineToken: machineToken)
        guard let kindCode = input.requestKind ?? channels?.channel(channel)?.defaultRequestKind else {
            throw HeweiError.invalidField("requestKind", "is required (the channel has no default kind)")
        }
        let kind = try Validate.choice(kindCode, "requestKind", as: RequestKind.self)
        guard let category = try await category(input.categoryCode, on: db), category.active else {
            throw HeweiError.invalidField("categoryCode", "no active category '\(input.categoryCode)'")
        }
        guard category.isLeaf else {
            throw HeweiError.invalidField("categoryCode", "'\(category.code)' is a major category; choose one of its minor categories")
        }
        if let s = input.suggestion { try await checkSuggestion(s) }
        let urgency = try input.urgency.map { try Validate.choice($0, "urgency", as: Urgency.self) }
            ?? Urgency(rawValue: category.urgency) ?? .general
        switch (input.longitude, input.latitude) {
        case (nil, nil): break
        case let (lon?, lat?):
            guard (-180...180).contains(lon) else { throw HeweiError.invalidField("longitude", "must be between -180 and 180") }
            guard (-90...90).contains(lat) else { throw HeweiError.invalidField("latitude", "must be between -90 and 90") }
        default: throw HeweiError.invalidField(input.longitude == nil ? "longitude" : "latitude", "give both longitude and latitude, or neither")
        }
        var cells: [GridLevel: String] = [:]
        if let lon = input.longitude, let lat = input.latitude, let match = grid.locate(GeoPoint(lon: lon, lat: lat)) {
            for code in match.cells { if let level = grid.cell(code)?.level { cells[level] = code } }
        }
        let anonymous = input.anonymous ?? false
        if anonymous, category.allowsAnonymous == false {
            throw HeweiError.invalidField("anonymous", "category \(category.code) needs the requester's name and phone; it takes no anonymous requests")
        }
        let name = anonymous ? "" : try Validate.text(input.requesterName, "requesterName", max: 50)
        let phone = anonymous && (input.requesterPhone ?? "").isEmpty ? "" : try Validate.phone(input.requesterPhone, "requesterPhone")
        let address = try Validate.text(input.address, "address", max: 300)
        let content = try Validate.text(input.content, "content", max: 4000)
        _ = try Validate.text(input.channelRef, "channelRef", max: 100, required: false)
        var answer: String?
        var unit: OrgDirectory.Unit?
        if input.answerAtOnce != nil, let role = actorRole, !OrderPermissions.may(role, .answerAtOnce) {
            throw HeweiError.forbidden("role '\(role.rawValue)' may not answer requests at once")
        }
        // A grid worker's patrol report (网格上报) goes straight to the unit the routing rules choose;
        // the worker never names a unit.
        let patrolAuto = actorRole == .gridWorker && channel == Channel.gridPatrol.rawValue && input.dispatchTo == "auto"
        if input.dispatchTo != nil, let role = actorRole, !OrderPermissions.may(role, .dispatch), !patrolAuto {
            throw HeweiError.forbidden("role '\(role.rawValue)' may not dispatch; leave dispatchTo empty")
        }
        if let text = input.answerAtOnce {
            guard input.dispatchTo == nil else { throw HeweiError.invalidField("answerAtOnce", "an order answered at once is not dispatched") }
            guard kind == .enquiry else { throw HeweiError.invalidField("answerAtOnce", "only enquiries (咨询) are answered at intake") }
            answer = try Validate.text(text, "answerAtOnce", max: 4000)
        } else if let target = input.dispatchTo {
            let chain = GridLevel.allCases.reversed().compactMap { cells[$0] }
            if target == "auto", let pool = route(category, cells: chain)?.poolUnits?.compactMap({ org.unit(code: $0) }), pool.count >= 2 {
                var checked = CheckedIntake(input: input, channel: channel, kind: kind, urgency: urgency, category: category,
                                            dispatchUnit: nil, cells: cells, answer: nil, name: name, phone: phone, anonymous: anonymous,
                                            address: address, content: content)
                checked.poolUnits = pool
                return checked
            }
            unit = try self.unit(target, field: "dispatchTo", category: category, cells: chain)
        }
        return CheckedIntake(input: input, channel: channel, kind: kind, urgency: urgency, category: category,
                             dispatchUnit: unit, cells: cells, answer: answer, name: name, phone: phone, anonymous: anonymous,
                             address: address, content: content)
    }

    /// A suggestion names a model generation and codes that exist (it is history, so an inactive
    /// category or unit is fine).
    func checkSuggestion(_ s: IntakeSuggestion) async throws {
        guard s.generation >= 1 else { throw HeweiError.invalidField("suggestion.generation", "must be 1 or more") }
        guard try await category(s.category, on: db) != nil else {
            throw HeweiError.invalidField("suggestion.category", "there is no category '\(s.category)'")
        }
        if let code = s.unit, org.unit(code: code) == nil {
            throw HeweiError.invalidField("suggestion.unit", "there is no unit '\(code)'")
        }
    }

    /// The intake event's record of the suggestion shown and whether the clerk kept it.
    static func suggestionData(_ c: CheckedIntake) -> [String: String] {
        guard let s = c.input.suggestion else { return [:] }
        var data = ["suggestionModel": String(s.generation), "suggestedCategory": s.category,
                    "suggestionPreselected": String(s.preselected ?? false),
                    "suggestedCategoryKept": String(s.category == c.category.code)]
        if let unit = s.unit {
            data["suggestedUnit"] = unit
            data["suggestedUnitKept"] = String(unit == c.dispatchUnit?.code)
        }
        return data
    }

    /// The day key of orders registered now (the local date), which numbers their codes.
    var dayKey: String { OrderCode(county: rules.county, date: rules.calendar.civilDate(of: now), sequence: 0).dayKey }

    func create(_ c: CheckedIntake, key: String?, by actor: Principal, on db: any Database) async throws -> WorkOrderModel {
        let seq = try await CodeSequenceRepository.next(dayKey: dayKey, on: db)
        let rows = try self.rows(c, key: key, by: actor, sequence: seq)
        try await OrderRowsRepository.insert([rows], on: db)
        for unit in c.poolUnits {
            try await OrderUnitModel(order: rows.order.id!, unit: unit.id, part: .pool, round: 1, status: .open, at: now).create(on: db)
        }
        return rows.order
    }

    /// Every row a new order writes, built in memory (nothing is stored here).
    func rows(_ c: CheckedIntake, key: String?, by actor: Principal, sequence seq: Int) throws -> OrderRows {
        let day = rules.calendar.civilDate(of: now)
        let order = WorkOrderModel()
        order.id = OrderedID.make()
        order.code = OrderCode(county: rules.county, date: day, sequence: seq).description
        order.channel = c.channel
        order.channelRef = c.input.channelRef
        order.requestKind = c.kind.rawValue
        order.categoryCode = c.category.code
        order.urgency = c.urgency.rawValue
        order.longitude = c.input.longitude
        order.latitude = c.input.latitude
        order.address = c.address
        order.cellMicro = c.cells[.micro]
        order.cellSmall = c.cells[.small]
        order.cellMedium = c.cells[.medium]
        order.cellLarge = c.cells[.large]
        order.requesterName = c.name
        order.requesterPhone = c.phone
        order.anonymous = c.anonymous
        order.content = c.content
        order.state = WorkOrderState.accepted.rawValue
        order.suspended = false
        order.round = 1
        order.light = Light.green.rawValue
        order.supervisionCount = 0
        order.version = 1
        order.idempotencyKey = key
        order.trackingCode = c.trackingCode
        order.publicConsent = OrderWorkflow.letterChannels.contains(c.channel) ? (c.input.publicConsent ?? false) : nil
        order.createdBy = actor.id
        order.intakeUnitID = actor.unitID
        order.createdAt = now
        order.updatedAt = now
        let acceptData = ["channel": c.channel].merging(Self.suggestionData(c)) { old, _ in old }
        var events = [try event(.accept, on: order, seq: 1, by: actor, from: nil, data: acceptData)]
        var clocks: [DeadlineModel] = []
        if let answer = c.answer {
            order.state = WorkOrderState.closed.rawValue
            order.reply = answer
            order.closedAt = now
            order.version = 2
            events.append(try event(.answerAtOnce, on: order, seq: 2, by: actor, from: .accepted, note: answer))
        } else if let unit = c.dispatchUnit {
            order.state = WorkOrderState.dispatched.rawValue
            order.leadUnitID = unit.id
            order.version = 2
            events.append(try event(.dispatch, on: order, seq: 2, by: actor, from: .accepted, target: unit.id,
                                    data: ["unit": unit.code]))
            clocks = try dispatchClocks(order, category: c.category)
            deadlines.summarise(order, openClocks: clocks)
        } else if !c.poolUnits.isEmpty {
            // A routing rule pools it (抢单): the pool's units may claim it until the claim window closes.
            order.state = WorkOrderState.pooled.rawValue
            order.version = 2
            let clock = try deadlines.prepare(.claim, limit: rules.policy.claimWindow, order: order, at: now)
            var data = ["units": c.poolUnits.map(\.code).joined(separator: ","), "window": rules.policy.claimWindow.description, "rule": "true"]
            if let due = clock.dueAt { data["closesAt"] = ISO8601DateFormatter().string(from: due) }
            events.append(try event(.pool, on: order, seq: 2, by: actor, from: .accepted, data: data))
            clocks = [clock]
        }
        // The requester hears of it: accepted, or (answered at once) closed.
        let notice = try c.answer == nil ? notification(.accepted, for: order, seq: 1) : notification(.closed, for: order, seq: order.version)
        var result = OrderRows(order: order, events: events, deadlines: clocks, notifications: notice.map { [$0] } ?? [])
        // Extreme-risk words raise a warning to the city centre in the intake's own transaction (issue 7).
        if let words = riskWords, let warning = RiskWarningBook.extremeWords(in: c.content, orderCode: order.code, words: words, at: now) {
            result.riskWarnings = [warning]
        }
        return result
    }
}
