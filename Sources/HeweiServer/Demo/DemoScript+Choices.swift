import Foundation
import HeweiCore

/// The timing and the choices of a demo script: when each step happens, which unit, what result.
extension DemoScript {
    /// Between `a` and `b`, at a uniform fraction in [lo, hi).
    mutating func between(_ a: Date, _ b: Date, _ lo: Double, _ hi: Double) -> Date {
        a + rng.uniform(lo, hi) * b.timeIntervalSince(a)
    }

    /// `normal`, except for showcase orders: early enough that they reach their stall before now.
    mutating func soon(_ ref: Date, _ normal: Date) -> Date {
        guard stall != nil, now > ref else { return normal }
        return min(normal, ref + now.timeIntervalSince(ref) * rng.uniform(0.05, 0.25))
    }

    /// An action that stops a clock: with probability `p` between `lo` and `hi` of the time left until
    /// its due time, otherwise late by `late` seconds.
    mutating func onTime(due: Date?, p: Double, _ lo: Double, _ hi: Double, late: (Double, Double)) -> Date {
        let ref = sim.time
        let due = due ?? ref + Self.day
        let t: Date
        if due.timeIntervalSince(ref) > Self.minute, rng.chance(p) {
            t = awake(between(ref, due, lo, hi), after: ref, before: due)
        } else {
            t = awake(max(due, ref) + rng.uniform(late.0, late.1), after: max(due, ref))
        }
        return soon(ref, t)
    }

    /// A staff action `lo`…`hi` seconds after the last one.
    mutating func later(_ lo: Double, _ hi: Double) -> Date {
        let ref = sim.time
        return soon(ref, awake(ref + rng.uniform(lo, hi), after: ref))
    }

    /// Staff work from 07:00 to midnight: a time in the small hours moves to the next morning, or to the
    /// evening before when the morning would be after `latest`.
    mutating func awake(_ t: Date, after earliest: Date, before latest: Date? = nil) -> Date {
        let second = localSecond(t)
        guard second < 7 * Self.hour else { return t }
        let morning = t - second + 7 * Self.hour + rng.uniform(0, 2 * Self.hour)
        if latest.map({ morning < $0 }) ?? true { return morning }
        let evening = t - second - rng.uniform(Self.hour, 2.5 * Self.hour)
        return evening > earliest ? evening : t
    }

    /// Seconds since local midnight.
    func localSecond(_ t: Date) -> Double {
        let local = t.timeIntervalSince1970 + Double(c.rules.calendar.utcOffset)
        return local - (local / Self.day).rounded(.down) * Self.day
    }

    /// A moment while handling: a fraction of the way to the handling due time (to now for showcases).
    mutating func midway(_ lo: Double, _ hi: Double) -> Date {
        let ref = sim.time
        var end = sim.open(.handling)?.dueAt ?? ref + Self.day
        if stall != nil { end = min(end, now) }
        if end.timeIntervalSince(ref) < Self.minute { end = ref + 10 * Self.minute }
        let t = between(ref, end, lo, hi)
        return stall == nil ? awake(t, after: ref, before: end) : t
    }

    /// When a dispatcher sends an order that was not dispatched at intake: within minutes for urgent
    /// matters and in the day shift, otherwise the next morning.
    mutating func dispatchTime(after t0: Date) -> Date {
        if d.leaf.urgency != .general { return t0 + rng.uniform(3 * Self.minute, 20 * Self.minute) }
        let second = localSecond(t0)
        if second >= 7 * Self.hour && second < 21 * Self.hour {
            return t0 + rng.uniform(8 * Self.minute, 75 * Self.minute)
        }
        let morning = t0 - second + (second < 7 * Self.hour ? 8 * Self.hour : 32 * Self.hour)
        return morning + rng.uniform(0, 60 * Self.minute)
    }

    /// The unit a routing rule names for the category and place; else the category's unit, or
    /// (属地管理) the town where it happened.
    mutating func chooseLead() -> OrgDirectory.Unit {
        if let decision = OrderRouting.choose(category: d.leaf.code, parentCategory: d.leaf.major,
                                              defaultUnit: d.leaf.defaultUnit?.code, cells: d.cells, rules: c.routes),
           decision.ruleID != nil, let unit = c.handlerUnits.first(where: { $0.code == decision.unitCode }) {
            return unit
        }
        let local = ["01", "09", "10"].contains(d.leaf.major) ? 0.25 : 0.06
        if let unit = d.leaf.defaultUnit, c.handlers[unit.id] != nil, !rng.chance(local) { return unit }
        if c.handlers[d.town.unit.id] != nil { return d.town.unit }
        return c.handlerUnits.first ?? d.leaf.defaultUnit ?? d.town.unit
    }

    /// Another unit to reassign to after an accepted objection.
    mutating func otherUnit() -> OrgDirectory.Unit? {
        // Usually back to where it happened (属地), otherwise to a department of the same field.
        if d.town.unit.id != unit.id, c.handlers[d.town.unit.id] != nil, rng.chance(0.5) { return d.town.unit }
        var candidates = (c.majorUnits[d.leaf.major] ?? []) + [d.town.unit] + (d.leaf.defaultUnit.map { [$0] } ?? [])
        candidates = candidates.filter { $0.id != unit.id && c.handlers[$0.id] != nil }
        if candidates.isEmpty { candidates = c.handlerUnits.filter { $0.id != unit.id } }
        return candidates.isEmpty ? nil : rng.pick(candidates)
    }

    /// What a unit asks for: a few working days on a working-day limit, half the limit otherwise.
    mutating func extensionAmount() -> TimeLimit {
        let limit = handling
        let extra: TimeLimit
        switch limit.unit {
        case .workingDays: extra = .workingDays(rng.pick([2, 3, 3, 5]))
        case .days: extra = .days(rng.pick([2, 3, 5]))
        default: extra = TimeLimit(max(1, limit.amount / 2), limit.unit)
        }
        let calendar = c.rules.calendar, maximum = c.rules.policy.extensionMaximum
        return extra.seconds(on: calendar) <= maximum.seconds(on: calendar) ? extra : maximum
    }

    /// The unit's report, remembered for the reply to the resident.
    mutating func result() -> String {
        switch d.order.requestKind {
        case RequestKind.praise.rawValue:
            reportText = "已将群众的表扬转达至具体工作人员，并在单位内部通报表扬。"
        case RequestKind.enquiry.rawValue where rng.chance(0.7):
            reportText = "已电话联系诉求人，详细解答了相关政策和办理流程。"
        default:
            reportText = rng.pick((DemoTemplates.results[d.leaf.major] ?? []) + DemoTemplates.genericResults)
        }
        return reportText
    }

    /// The follow-up call: about 95% reached, of whom about 90% (basically) satisfied; redone orders
    /// are less often unsatisfied, and a third round always ends.
    mutating func followUpOutcome() -> (Satisfaction, Bool?) {
        let round = sim.order.round
        let unsatisfied = round == 1 ? 0.04 : round == 2 ? 0.1 : 0
        let x = rng.unit()
        let s: Satisfaction = x < 0.05 ? .unreachable : x < 0.05 + unsatisfied ? .unsatisfied : x < 0.78 ? .satisfied : .basicallySatisfied
        switch s {
        case .unreachable: return (s, nil)
        case .unsatisfied: return (s, rng.chance(0.3))
        case .satisfied: return (s, round >= 3 || rng.chance(0.99))
        case .basicallySatisfied: return (s, round >= 3 || rng.chance(0.95))
        }
    }
}
