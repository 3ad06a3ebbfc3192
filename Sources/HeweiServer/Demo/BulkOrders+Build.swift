import Foundation
import HeweiCore

extension BulkOrders {
    /// Share of the sign-for and handling clocks kept, and of orders that stall (stay open past due).
    static let signOnTime = 0.93
    static let handleOnTime = 0.88
    static let stalled = 0.0015
    static let satisfaction = DemoWeighted<Satisfaction>([
        (.satisfied, 62), (.basicallySatisfied, 22), (.unsatisfied, 8), (.unreachable, 8),
    ])

    /// The rows of a batch: each order in its state at `catalog.now`, with its sign-for and handling clocks.
    static func build(_ items: [DemoHistory.Planned], catalog: DemoCatalog) -> DemoHistory.DemoRows {
        var rows = DemoHistory.DemoRows()
        rows.orders.reserveCapacity(items.count)
        rows.deadlines.reserveCapacity(items.count * 2)
        for item in items {
            let (order, clocks) = build(item, catalog: catalog)
            rows.orders.append(order)
            for c in clocks { rows.deadlines.append((order.id, c)) }
        }
        return rows
    }

    static func build(_ item: DemoHistory.Planned, catalog: DemoCatalog) -> (DemoOrder, [DemoDeadline]) {
        let cal = catalog.rules.calendar, policy = catalog.rules.policy, now = catalog.now
        var rng = DemoRandom(seed: catalog.seed, stream: 11, UInt64(item.index))
        let millis = Int64((item.createdAt.timeIntervalSince1970 * 1000).rounded(.down))
        let draft = DemoDraft.make(catalog: catalog, id: rng.uuid(millis: millis, counter: 0), code: item.code,
                                   createdAt: item.createdAt, rng: &rng)
        var o = draft.order
        o.leadUnitID = (draft.leaf.defaultUnit ?? draft.town.unit).id
        let limits = policy.limits(for: o.urgency)

        // Dispatch a few minutes after intake; both clocks start then.
        let dispatched = min(now, o.createdAt + (o.urgency == .general ? rng.uniform(120, 2400) : rng.uniform(30, 300)))
        var sign = clock(.signFor, limits.signFor, from: dispatched, catalog, &rng)
        var handling = clock(.handling, draft.leaf.handling, from: dispatched, catalog, &rng)
        let signDue = sign.dueAt ?? dispatched, handlingDue = handling.dueAt ?? dispatched

        let signedAt = rng.chance(signOnTime)
            ? dispatched + rng.uniform(0.05, 0.8) * signDue.timeIntervalSince(dispatched)
            : signDue + rng.uniform(0.1, 1.5) * max(600, signDue.timeIntervalSince(dispatched))
        let span = handlingDue.timeIntervalSince(dispatched)
        let finished: Date? = rng.chance(stalled) ? nil
            : rng.chance(handleOnTime) ? max(signedAt + 60, dispatched + rng.uniform(0.15, 0.97) * span)
            : handlingDue + rng.uniform(0.05, 1.0) * span
        o.state = .dispatched
        o.dueAt = handlingDue
        o.version = 2
        o.updatedAt = dispatched
        if signedAt <= now {
            stop(&sign, at: signedAt)
            o.state = .handling
            o.updatedAt = signedAt
            o.version = 3
        } else {
            sign.light = sign.clock.light(at: now, on: cal, rule: policy.warning)
        }
        if let finished, finished <= now, o.state == .handling {
            stop(&handling, at: finished)
            o.state = .replied
            o.reply = "已按诉求办理，并与诉求人沟通说明。"
            o.updatedAt = finished
            o.version = 5
            // Follow-up call within three days; closed with it.
            let called = finished + rng.uniform(3600, 3 * 86_400)
            if called <= now {
                let s = satisfaction.draw(&rng)
                o.followUpSatisfaction = s.rawValue
                o.followUpResolved = s != .unreachable && rng.chance(s == .unsatisfied ? 0.35 : 0.93)
                o.state = .closed
                o.closedAt = called
                o.updatedAt = called
                o.version = 7
            }
        } else {
            handling.light = handling.clock.light(at: now, on: cal, rule: policy.warning)
        }
        if o.state.isOpen {
            o.light = [sign.light, handling.light].contains(.red) ? .red : [sign.light, handling.light].contains(.yellow) ? .yellow : .green
            if o.state == .replied { o.light = .green }
        }
        return (o, [sign, handling])
    }

    private static func clock(_ kind: ClockKind, _ limit: TimeLimit, from start: Date, _ catalog: DemoCatalog,
                              _ rng: inout DemoRandom) -> DemoDeadline {
        let cal = catalog.rules.calendar
        let millis = Int64((start.timeIntervalSince1970 * 1000).rounded(.down))
        let c = DeadlineClock(startedAt: start, limit: limit)
        return DemoDeadline(id: rng.uuid(millis: millis, counter: kind == .signFor ? 1 : 2), kind: kind, round: 1, clock: c,
                            timeLimit: limit.description, warnAt: c.warnAt(on: cal, rule: catalog.rules.policy.warning),
                            dueAt: c.dueAt(on: cal), lag: 0)
    }

    /// Stops a clock: met if within its due time, late (red) otherwise.
    private static func stop(_ d: inout DemoDeadline, at time: Date) {
        d.stoppedAt = time
        let onTime = d.dueAt.map { time <= $0 } ?? true
        d.status = onTime ? "met" : "late"
        d.light = onTime ? .green : .red
    }
}
