import Foundation

/// What one order adds to the rollups — a pure function of its facts. The sweeper applies
/// `contribution(new) − contribution(old)`; a rebuild sums `contribution` over every order; the
/// property test checks the two agree.
///
/// Which breakdowns each area keeps (to keep the tables far smaller than the orders table):
/// - intake by day: city and towns by channel and category, communities and units by category,
///   finer cells in total; by month additionally the finer cells by category (cell hotspots);
/// - the KPI counters (clocks, follow-ups): every area and unit, in total, by day and by month;
/// - gauges (open/yellow/red now): every area and unit in total, city and towns also by category.
public enum RollupContribution {
    public struct Result: Hashable, Sendable {
        public var flows: [RollupKey: RollupMeasures] = [:]
        public var gauges: [RollupGaugeKey: RollupGauges] = [:]
        public init() {}

        /// Adds `other` multiplied by `sign` (+1 or −1).
        public mutating func add(_ other: Result, sign: Int = 1) {
            for (k, m) in other.flows {
                let v = flows[k, default: RollupMeasures()]
                flows[k] = sign >= 0 ? v + m : v - m
            }
            for (k, g) in other.gauges {
                let v = gauges[k, default: RollupGauges()]
                gauges[k] = sign >= 0 ? v + g : v - g
            }
        }

        /// Drops rows that net to zero (a no-op change leaves nothing to write).
        public mutating func compact() {
            flows = flows.filter { !$0.value.isZero }
            gauges = gauges.filter { !$0.value.isZero }
        }
    }

    /// Grid levels by index in `RollupFacts.cells`: 0 large (town), 1 medium, 2 small, 3 micro.
    static func areas(_ f: RollupFacts) -> [(area: String, level: Int)] {
        var list: [(String, Int)] = [(RollupKey.city, -1)]
        for (i, cell) in f.cells.enumerated() { if let cell { list.append((cell, i)) } }
        if let unit = f.unit { list.append((RollupKey.unit(unit), 9)) }
        return list
    }

    public static func of(_ f: RollupFacts) -> Result {
        var r = Result()
        add(f, sign: 1, into: &r)
        return r
    }

    /// Adds (`sign` +1) or subtracts (−1) one order's contribution in place — a rebuild of millions
    /// of orders accumulates into one result without building one per order.
    public static func add(_ f: RollupFacts, sign: Int, into r: inout Result) {
        let areas = areas(f)
        func flow(_ day: Int, _ change: (inout RollupMeasures) -> Void, dims: (Int, Bool) -> [String]) {
            var m = RollupMeasures()
            change(&m)
            if sign < 0 { m = RollupMeasures() - m }
            let month = day / 100
            for (area, level) in areas {
                for dim in dims(level, false) { r.flows[RollupKey(bucket: day, area: area, dim: dim), default: RollupMeasures()] += m }
                for dim in dims(level, true) { r.flows[RollupKey(bucket: month, area: area, dim: dim), default: RollupMeasures()] += m }
            }
        }
        let ch = RollupKey.channel(f.channel), cat = RollupKey.category(f.category)
        flow(f.createdDay, { $0.intake = 1 }) { level, monthly in
            switch level {
            case -1, 0: return ["", ch, cat]
            case 1, 9: return ["", cat]
            default: return monthly ? ["", cat] : [""]
            }
        }
        let total: (Int, Bool) -> [String] = { _, _ in [""] }
        for s in f.signFors {
            flow(s.day, { $0.dispatched = 1; $0.signedOnTime = s.onTime ? 1 : 0 }, dims: total)
        }
        for h in f.handlings {
            flow(h.day, { $0.due = 1; $0.closedOnTime = h.onTime ? 1 : 0 }, dims: total)
        }
        if let u = f.followUp {
            flow(u.day, { m in
                m.followedUp = 1
                m.resolved = u.resolved ? 1 : 0
                m.reached = u.reached ? 1 : 0
                m.satisfied = u.satisfied ? 1 : 0
            }, dims: total)
        }
        if f.open {
            var g = RollupGauges(open: 1, yellow: f.light == "yellow" ? 1 : 0, red: f.light == "red" ? 1 : 0)
            if sign < 0 { g = RollupGauges() - g }
            for (area, level) in areas {
                r.gauges[RollupGaugeKey(area: area), default: RollupGauges()] = r.gauges[RollupGaugeKey(area: area), default: RollupGauges()] + g
                if level <= 0 {
                    let key = RollupGaugeKey(area: area, dim: cat)
                    r.gauges[key] = r.gauges[key, default: RollupGauges()] + g
                }
            }
        }
    }

    /// The change to apply when an order's facts go from `old` to `new` (either may be absent).
    public static func delta(from old: RollupFacts?, to new: RollupFacts?) -> Result {
        var r = Result()
        if let new { add(new, sign: 1, into: &r) }
        if let old { add(old, sign: -1, into: &r) }
        r.compact()
        return r
    }
}
