import Fluent
import Foundation
import HeweiCore

extension OrderWorkflow {
    /// Performs one action on an order: asks the transition table, checks who may do it and the
    /// action's own rules, then changes state, appends the event and moves clocks in one transaction.
    func perform(_ action: OrderAction, on orderID: UUID, input: ActionInput, by actor: Principal) async throws -> WorkOrderModel {
        if actor.role != nil {
            try actor.require(OrderPermissions.roles(for: action), "perform '\(action.rawValue)'")
        }
        return try await db.write(gate: gate) { db in
            let seq = try await OrderLockRepository.lock(orderID: orderID, on: db)
            guard let order = try await WorkOrderModel.find(orderID, on: db) else { throw HeweiError.notFound("work order") }
            let from = WorkOrderState(rawValue: order.state) ?? .accepted
            let to: WorkOrderState
            do {
                to = try WorkOrderTransitions.next(from: from, suspended: order.suspended, on: action)
            } catch let error as IllegalTransition {
                throw HeweiError.illegalTransition(error)
            }
            if actor.role == .unitHandler, OrderPermissions.unitBound.contains(action), order.leadUnitID != actor.unitID {
                throw HeweiError.forbidden("only the unit the order is assigned to may \(action.rawValue) it")
            }
            order.state = to.rawValue
            order.version = seq
            order.updatedAt = now
            let outcome = try await apply(action, to: order, from: from, input: input, by: actor, on: db)
            try await deadlines.refreshSummary(of: order, on: db)
            try await order.save(on: db)
            try await record(action, on: order, seq: seq, by: actor, from: from, note: outcome.note,
                             target: outcome.target, data: outcome.data, in: db)
            // Consequences that are actions of their own (an unreachable follow-up after the last call,
            // an automatic supervision): each asks the table and appends its own event.
            for next in outcome.then {
                let before = WorkOrderState(rawValue: order.state) ?? .accepted
                let after = try WorkOrderTransitions.next(from: before, on: next.action)
                let nextSeq = try await OrderLockRepository.lock(orderID: orderID, on: db)
                order.state = after.rawValue
                order.version = nextSeq
                try await deadlines.refreshSummary(of: order, on: db)
                try await order.save(on: db)
                try await record(next.action, on: order, seq: nextSeq, by: next.bySystem ? .system : actor, from: before,
                                 note: next.note, data: next.data, in: db)
            }
            return order
        }
    }

    struct Outcome {
        var note: String
        var target: UUID? = nil
        var data: [String: String] = [:]
        var then: [Then] = []

        /// A further action that follows from this one in the same transaction.
        struct Then {
            var action: OrderAction
            var note: String
            var data: [String: String]
            var bySystem = false
        }
    }

    private func note(_ input: ActionInput, required: Bool, _ field: String = "note") throws -> String {
        try Validate.text(input.note, field, max: 2000, required: required)
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func apply(_ action: OrderAction, to order: WorkOrderModel, from: WorkOrderState, input: ActionInput,
                       by actor: Principal, on db: any Database) async throws -> Outcome {
        let id = order.id!
        switch action {
        case .accept, .recomputeDeadlines:
            throw HeweiError.rule("'\(action.rawValue)' is not performed through the actions endpoint")

        case .rate:
            return try await rating(order, input: input, on: db)

        case .answerAtOnce:
            guard order.requestKind == RequestKind.enquiry.rawValue else {
                throw HeweiError.rule("only enquiries (咨询) are answered at once")
            }
            let reply = try Validate.text(input.reply, "reply", max: 4000)
            order.reply = reply
            order.closedAt = now
            try await notify(.closed, order, on: db)
            return Outcome(note: reply)

        case .dispatch, .reassign, .approveObjection:
            let reason = try note(input, required: action == .approveObjection)
            let category = try await category(order.categoryCode, on: db)
            let unit = try unit(input.unit, field: "unit", category: category, cells: cells(of: order))
            if action != .dispatch, unit.id == order.leadUnitID {
                throw HeweiError.invalidField("unit", "the order is already with \(unit.code); name another unit")
            }
            if from == .pooled { try await closePool(order, as: .withdrawn, on: db) }
            try await deadlines.stop(id, kinds: DeadlineBook.leadKinds, cancel: true, at: now, on: db)
            if let previous = order.leadUnitID, previous != unit.id { try await closeNotices(order, respondent: previous, on: db) }
            order.leadUnitID = unit.id
            try await startDispatchClocks(order, category: category, on: db)
            return Outcome(note: reason, target: unit.id, data: ["unit": unit.code])

        case .signFor:
            let stopped = try await deadlines.stop(id, kinds: [.signFor], at: now, on: db)
            return Outcome(note: try note(input, required: false), data: onTime(stopped[ClockKind.signFor.rawValue]))

        case .object:
            let window = try await deadlines.open(id, kinds: [.objection], on: db).first
            guard let due = window?.dueAt, now < due else {
                throw HeweiError.rule("the objection window has closed; the order is this unit's to handle")
            }
            let reason = try note(input, required: true)
            try await deadlines.stop(id, kinds: [.signFor], cancel: true, at: now, on: db)
            return Outcome(note: reason, data: ["windowClosesAt": ISO8601DateFormatter().string(from: due)])

        case .rejectObjection:
            let reason = try note(input, required: true)
            // The unit must handle it: the objection window is over and the order counts as signed for.
            try await deadlines.stop(id, kinds: [.objection], cancel: true, at: now, on: db)
            return Outcome(note: reason)

        case .requestExtension:
            let reason = try note(input, required: true)
            guard let text = input.extension, let extra = TimeLimit(parsing: text), extra.amount > 0 else {
                throw HeweiError.invalidField("extension", "must be a time such as '3 working days'")
            }
            let granted = try await grantedExtensions(id, on: db)
            let maximum = rules.policy.extensionMaximum
            let total = (granted + [extra]).reduce(0) { $0 + $1.seconds(on: rules.calendar) }
            guard total <= maximum.seconds(on: rules.calendar) else {
                throw HeweiError.invalidField("extension", "extensions may add at most \(maximum) in total")
            }
            return Outcome(note: reason, data: ["extension": extra.description])

        case .approveExtension:
            let requested = try await pendingExtension(id, on: db)
            let due = try await deadlines.extend(id, by: requested, at: now, on: db)
            var data = ["extension": requested.description]
            if let due { data["dueAt"] = ISO8601DateFormatter().string(from: due) }
            return Outcome(note: try note(input, required: false), data: data)

        case .rejectExtension:
            return Outcome(note: try note(input, required: true))

        case .report:
            let result = try note(input, required: true)
            try await requireAssistingDone(order, on: db)
            let stopped = try await deadlines.stop(id, kinds: [.signFor, .objection, .handling], at: now, on: db)
            return Outcome(note: result, data: onTime(stopped[ClockKind.handling.rawValue]))

        case .reply:
            let reply = try Validate.text(input.reply ?? input.note, "reply", max: 4000)
            order.reply = reply
            try await deadlines.start(.followUp, limit: rules.policy.followUp, order: order, at: now, on: db)
            try await replyToMerged(order, reply: reply, by: actor, on: db)
            try await notify(.replied, order, on: db)
            return Outcome(note: reply)

        case .recordFollowUp:
            let satisfaction = try Validate.choice(input.satisfaction, "satisfaction", as: Satisfaction.self)
            if satisfaction == .unreachable {
                throw HeweiError.invalidField("satisfaction", "record unanswered calls with 'followUpAttempt'; the \(rules.policy.followUpAttempts)th makes the requester unreachable")
            }
            if satisfaction != .unreachable && input.resolved == nil {
                throw HeweiError.invalidField("resolved", "say whether the matter was resolved")
            }
            order.followUpResolved = satisfaction == .unreachable ? nil : input.resolved
            order.followUpSatisfaction = satisfaction.rawValue
            let stopped = try await deadlines.stop(id, kinds: [.followUp], at: now, on: db)
            var data = onTime(stopped[ClockKind.followUp.rawValue]).merging(["satisfaction": satisfaction.rawValue]) { $1 }
            if let r = order.followUpResolved { data["resolved"] = String(r) }
            var outcome = Outcome(note: try note(input, required: false), data: data)
            let result = FollowUpResult(resolved: order.followUpResolved, satisfaction: satisfaction)
            if let next = try await superviseIfStillUnsatisfied(order, result: result, on: db) { outcome.then.append(next) }
            return outcome

        case .close:
            if from == .followedUp, let s = order.followUpSatisfaction.flatMap(Satisfaction.init(rawValue:)),
               FollowUpResult(resolved: order.followUpResolved, satisfaction: s).requiresRedo {
                throw HeweiError.rule("the follow-up found the matter unresolved or the resident unsatisfied: redo it instead of closing")
            }
            try await deadlines.stop(id, at: now, on: db)
            try await closeNotices(order, on: db)
            order.closedAt = now
            let closing = Outcome(note: try note(input, required: from == .replied))
            try await notify(.closed, order, on: db)
            return closing

        case .redo:
            let reason = try note(input, required: true)
            let category = try await category(order.categoryCode, on: db)
            let unit = input.unit == nil ? org.unit(order.leadUnitID) : try unit(input.unit, field: "unit", category: category, cells: cells(of: order))
            guard let unit else { throw HeweiError.invalidField("unit", "the order has no unit; name one") }
            try await deadlines.stop(id, cancel: true, at: now, on: db)
            try await closeNotices(order, on: db)
            order.round += 1
            order.leadUnitID = unit.id
            order.followUpResolved = nil
            order.followUpSatisfaction = nil
            order.reply = nil
            try await startDispatchClocks(order, category: category, on: db)
            var data = ["unit": unit.code, "round": String(order.round)]
            let assisting = try await carryAssistingOver(order, fromRound: order.round - 1, category: category, on: db)
            if !assisting.isEmpty { data["assisting"] = assisting.joined(separator: ",") }
            return Outcome(note: reason, target: unit.id, data: data)

        case .supervise:
            return try await supervise(order, by: actor, input: input, on: db)

        case .pool: return try await putInPool(order, input: input, on: db)
        case .claim: return try await claim(order, by: actor, input: input, on: db)
        case .addAssisting: return try await addAssisting(order, input: input, on: db)
        case .assistSignFor: return try await assistSignFor(order, by: actor, input: input, on: db)
        case .assistReport: return try await assistReport(order, by: actor, input: input, on: db)
        case .waiveAssist: return try await waiveAssist(order, input: input, on: db)
        case .escalate: return try await escalate(order, by: actor, input: input, on: db)
        case .respondSupervision: return try await respondSupervision(order, by: actor, input: input, on: db)
        case .followUpAttempt: return try await followUpAttempt(order, by: actor, input: input, on: db)
        case .merge: return try await merge(order, input: input, on: db)
        case .publish: return try publish(order, input: input)
        case .residentUpdate:
            // Only through Open311 (no staff role); the note is the resident's words, the data the client's ids.
            return Outcome(note: try note(input, required: true), data: ["updateId": input.externalID ?? ""])
        case .unmerge: return try await unmerge(order, input: input, on: db)

        case .suspend:
            let reason = try note(input, required: true)
            try await deadlines.pauseAll(id, at: now, on: db)
            order.suspended = true
            return Outcome(note: reason)

        case .resume:
            try await deadlines.resumeAll(id, at: now, on: db)
            order.suspended = false
            return Outcome(note: try note(input, required: false))

        case .amend:
            return try await amend(order, input: input, on: db)
        }
    }

    /// `{"onTime": "true"}` when the clock the action stopped was met, `"false"` when it was late.
    private func onTime(_ status: String?) -> [String: String] {
        guard let status, status == "met" || status == "late" else { return [:] }
        return ["onTime": String(status == "met")]
    }

    private func events(_ orderID: UUID, action: OrderAction, on db: any Database) async throws -> [OrderEventModel] {
        try await OrderEventModel.query(on: db).filter(\.$orderID == orderID).filter(\.$action == action.rawValue)
            .sort(\.$seq).all()
    }

    private func extensionIn(_ event: OrderEventModel) -> TimeLimit? {
        let data = (try? JSONDecoder().decode([String: String].self, from: Data(event.data.utf8))) ?? [:]
        return data["extension"].flatMap(TimeLimit.init(parsing:))
    }

    private func grantedExtensions(_ orderID: UUID, on db: any Database) async throws -> [TimeLimit] {
        try await events(orderID, action: .approveExtension, on: db).compactMap(extensionIn)
    }

    private func pendingExtension(_ orderID: UUID, on db: any Database) async throws -> TimeLimit {
        guard let last = try await events(orderID, action: .requestExtension, on: db).last, let ext = extensionIn(last) else {
            throw HeweiError.internalFailure("no extension request found")
        }
        return ext
    }
}
