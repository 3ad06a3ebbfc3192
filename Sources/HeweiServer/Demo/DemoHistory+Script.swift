import Foundation
import HeweiCore

/// Where a showcase order is deliberately left, so the console shows every state.
enum DemoStall: Sendable, CaseIterable {
    case accepted, dispatched, objectionPending, extensionPending, reported, replied, followedUp, suspended
}

/// The actions of one order, in the order and with the timing a real centre would perform them.
/// Times are drawn against the order's own clocks (e.g. 95% of reports before the handling due time);
/// an action that would fall after "now" is not performed, which leaves recent orders open.
struct DemoScript {
    let c: DemoCatalog
    let d: DemoDraft
    let stall: DemoStall?
    var sim: DemoOrderSim
    var rng: DemoRandom
    var unit: OrgDirectory.Unit
    var objected = false
    var reportText = ""

    init(catalog: DemoCatalog, draft: DemoDraft, stall: DemoStall?, sim: DemoOrderSim, rng: DemoRandom) {
        c = catalog
        d = draft
        self.stall = stall
        self.sim = sim
        self.rng = rng
        unit = draft.town.unit
    }

    static let minute = 60.0, hour = 3600.0, day = 86_400.0

    var now: Date { c.now }
    var dispatcher: DemoActor { d.intakeActor.role == Role.dispatcher.rawValue ? d.intakeActor : c.dispatcher }
    var handler: DemoActor { c.handlers[unit.id] ?? c.dispatcher }
    var handling: TimeLimit { d.leaf.handling }

    /// Runs the script up to "now" (or the showcase stall), then lets the sweeper catch up.
    mutating func run() throws -> DemoOrderSim {
        do {
            try intakeAndDispatch()
            try rounds()
        } catch is DemoStop {}
        try sim.finish()
        return sim
    }

    private mutating func intakeAndDispatch() throws {
        sim.intake(by: d.intakeActor)
        let t0 = sim.order.createdAt
        let kind = d.order.requestKind
        let mayAnswer = Role(rawValue: d.intakeActor.role).map { OrderPermissions.may($0, .answerAtOnce) } ?? false
        if stall == nil, kind == RequestKind.enquiry.rawValue, mayAnswer, rng.chance(0.08) {
            let answer = DemoTemplates.fill(rng.pick(DemoTemplates.answers), .init(place: d.place, category: d.leaf.name, unit: ""), &rng)
            try sim.perform(.answerAtOnce, at: t0, by: d.intakeActor, note: answer) { sim, t in
                sim.order.reply = answer
                sim.order.closedAt = t
                return []
            }
            throw DemoStop()
        }
        unit = chooseLead()
        // 直派: the operator sends it on from the call, where the role may dispatch at all.
        let mayDispatch = Role(rawValue: d.intakeActor.role).map { OrderPermissions.may($0, .dispatch) } ?? false
        let atIntake = d.intakeActor.role == Role.dispatcher.rawValue ? 0.85 : d.order.channel == "hotline12345" ? 0.6 : 0.35
        if stall != .accepted, mayDispatch, rng.chance(atIntake) {
            try dispatch(.dispatch, to: unit, at: t0, by: d.intakeActor, note: "")
        } else {
            if stall == .accepted { throw DemoStop() }
            try dispatch(.dispatch, to: unit, at: soon(t0, dispatchTime(after: t0)), by: dispatcher, note: rng.pick(DemoPhrases.dispatch))
        }
    }

    /// Dispatched → signed for → handled → reported → replied → followed up → closed, again after a redo.
    private mutating func rounds() throws {
        while true {
            if stall == .dispatched { throw DemoStop() }
            var signed = false
            if sim.order.round == 1, !objected, stall == .objectionPending || rng.chance(0.05) {
                objected = true
                switch try objection() {
                case .reassigned: continue
                case .rejected, .signed: signed = true
                case .none: break
                }
            }
            if !signed { try signFor() }
            try handle()
            try sim.perform(.report, at: onTime(due: sim.open(.handling)?.dueAt, p: 0.95, 0.15, 0.95, late: (Self.hour, 3 * Self.day)),
                            by: handler, note: result()) { sim, t in
                DemoOrderSim.onTime(sim.stop([.signFor, .objection, .handling], at: t)[.handling])
            }
            if stall == .reported { throw DemoStop() }
            if sim.order.round < 3, rng.chance(0.012) {
                try redo(note: rng.pick(DemoPhrases.redoAfterReport))
                continue
            }
            if try replyAndFollowUp() { return }
            try redo(note: rng.pick(DemoPhrases.redoAfterFollowUp))
        }
    }

    private enum ObjectionOutcome { case reassigned, rejected, signed, none }

    private mutating func objection() throws -> ObjectionOutcome {
        guard let window = sim.open(.objection)?.dueAt else { return .none }
        let signDue = sim.open(.signFor)?.dueAt ?? window
        var hi = min(window, signDue)
        var signed = false
        if stall == nil, rng.chance(0.3) {
            try signFor()
            signed = true
            hi = window
        }
        hi = min(hi, now)
        guard hi.timeIntervalSince(sim.time) > Self.minute else { return signed ? .signed : .none }
        let t = between(sim.time, hi, 0.1, 0.9)
        try sim.perform(.object, at: t, by: handler, note: rng.pick(DemoPhrases.objection),
                        data: [("windowClosesAt", sim.iso(window))]) { sim, t in
            sim.stop([.signFor], cancel: true, at: t)
            return []
        }
        if stall == .objectionPending { throw DemoStop() }
        let review = later(20 * Self.minute, 4 * Self.hour)
        if rng.chance(0.75), let other = otherUnit() {
            try dispatch(.approveObjection, to: other, at: review, by: dispatcher, note: DemoPhrases.approveObjection(other.name))
            return .reassigned
        }
        try sim.perform(.rejectObjection, at: review, by: dispatcher, note: rng.pick(DemoPhrases.rejectObjection)) { sim, t in
            sim.stop([.objection], cancel: true, at: t)
            return []
        }
        return .rejected
    }

    private mutating func signFor() throws {
        let t = onTime(due: sim.open(.signFor)?.dueAt, p: 0.96, 0.05, 0.9, late: (5 * Self.minute, 5 * Self.hour))
        try sim.perform(.signFor, at: t, by: handler, note: rng.pick(DemoPhrases.signFor)) { sim, t in
            DemoOrderSim.onTime(sim.stop([.signFor], at: t)[.signFor])
        }
    }

    /// While handling: an occasional suspension, supervision notice or extension request.
    private mutating func handle() throws {
        let first = sim.order.round == 1
        if first, stall == .suspended || rng.chance(0.004) {
            try sim.perform(.suspend, at: midway(0.1, 0.5), by: dispatcher, note: rng.pick(DemoPhrases.suspend)) { sim, t in
                sim.pauseAll(at: t)
                sim.order.suspended = true
                return []
            }
            if stall == .suspended { throw DemoStop() }
            try sim.perform(.resume, at: later(Self.day, 10 * Self.day), by: dispatcher, note: rng.pick(DemoPhrases.resume)) { sim, t in
                sim.resumeAll(at: t)
                sim.order.suspended = false
                return []
            }
        }
        if rng.chance(0.015) {
            try sim.perform(.supervise, at: midway(0.3, 0.7), by: c.supervisor, note: rng.pick(DemoPhrases.supervise)) { sim, _ in
                sim.order.supervisionCount += 1
                return []
            }
        }
        if first, stall == .extensionPending || rng.chance(0.04) {
            let extra = extensionAmount()
            try sim.perform(.requestExtension, at: midway(0.4, 0.85), by: handler, note: rng.pick(DemoPhrases.extensionRequest),
                            data: [("extension", extra.description)])
            if stall == .extensionPending { throw DemoStop() }
            let decision = later(30 * Self.minute, 5 * Self.hour)
            if rng.chance(0.85) {
                try sim.perform(.approveExtension, at: decision, by: dispatcher, note: rng.pick(DemoPhrases.approveExtension),
                                data: [("extension", extra.description)]) { sim, t in
                    sim.extend(by: extra, at: t).map { [("dueAt", sim.iso($0))] } ?? []
                }
            } else {
                try sim.perform(.rejectExtension, at: decision, by: dispatcher, note: rng.pick(DemoPhrases.rejectExtension))
            }
        }
    }

    /// Reply and follow-up; true when the order was closed, false when it must be redone.
    private mutating func replyAndFollowUp() throws -> Bool {
        let text = DemoPhrases.reply(category: d.leaf.name, unit: unit.name, result: reportText)
        let followUpLimit = c.rules.policy.followUp
        try sim.perform(.reply, at: later(15 * Self.minute, 6 * Self.hour),
                        by: rng.chance(0.65) ? handler : dispatcher, note: text) { sim, t in
            sim.order.reply = text
            sim.start(.followUp, limit: followUpLimit, at: t)
            return []
        }
        if stall == .replied { throw DemoStop() }
        let kind = d.order.requestKind
        if d.order.anonymous || kind == RequestKind.praise.rawValue || (kind == RequestKind.suggestion.rawValue && rng.chance(0.3)) {
            try close(note: DemoPhrases.closeWithoutFollowUp(kind: kind, anonymous: d.order.anonymous))
            return true
        }
        let (satisfaction, resolved) = followUpOutcome()
        var data = [("satisfaction", satisfaction.rawValue)]
        if let resolved { data.append(("resolved", String(resolved))) }
        try sim.perform(.recordFollowUp, at: onTime(due: sim.open(.followUp)?.dueAt, p: 0.97, 0.05, 0.9, late: (Self.hour, 2 * Self.day)),
                        by: c.followUp, note: DemoPhrases.followUp(satisfaction.rawValue, resolved: resolved), data: data) { sim, t in
            sim.order.followUpResolved = resolved
            sim.order.followUpSatisfaction = satisfaction.rawValue
            return DemoOrderSim.onTime(sim.stop([.followUp], at: t)[.followUp])
        }
        if stall == .followedUp { throw DemoStop() }
        if FollowUpResult(resolved: resolved, satisfaction: satisfaction).requiresRedo { return false }
        try close(note: rng.pick(DemoPhrases.close))
        return true
    }

    private mutating func close(note: String) throws {
        try sim.perform(.close, at: later(10 * Self.minute, 20 * Self.hour), by: dispatcher, note: note) { sim, t in
            sim.stop(at: t)
            sim.order.closedAt = t
            return []
        }
    }

    private mutating func redo(note: String) throws {
        let unit = self.unit, handling = self.handling
        try sim.perform(.redo, at: later(30 * Self.minute, 8 * Self.hour), by: dispatcher,
                        note: note, target: unit.id) { sim, t in
            sim.stop(cancel: true, at: t)
            sim.order.round += 1
            sim.order.leadUnitID = unit.id
            sim.order.followUpResolved = nil
            sim.order.followUpSatisfaction = nil
            sim.order.reply = nil
            sim.startDispatchClocks(handling: handling, at: t)
            return [("unit", unit.code), ("round", String(sim.order.round))]
        }
    }

    /// dispatch, approveObjection: new unit, all clocks restarted.
    private mutating func dispatch(_ action: OrderAction, to unit: OrgDirectory.Unit, at t: Date, by actor: DemoActor, note: String) throws {
        self.unit = unit
        let handling = self.handling
        try sim.perform(action, at: t, by: actor, note: note, target: unit.id, data: [("unit", unit.code)]) { sim, t in
            sim.stop(cancel: true, at: t)
            sim.order.leadUnitID = unit.id
            sim.startDispatchClocks(handling: handling, at: t)
            return []
        }
    }
}
