import Foundation

/// 考核: the four work-order KPIs of DOMAIN.md §2, per unit or per town, with a
/// composite score and a ranking. Pure: same input, same table.
///
/// ## What counts in a period `[from, to)`
/// Every KPI counts an order in exactly one period — the period in which its outcome
/// became known — so a monthly report never changes once the month is over and no
/// order is counted in two months.
///
/// * **As of.** Events at or after `asOf` (sign-for, closure, follow-up, dispatch) are
///   treated as not having happened yet. Pass the current time for a live report, or
///   a past instant to reproduce an old one. Deadlines are never masked.
/// * **On-time sign-for rate** = signed within limit / dispatched. An order counts if it
///   was *dispatched* in the period. Signed at or before `signForDueAt` (or signed with
///   no limit configured) → on time. Not signed and `signForDueAt < asOf` → late.
///   Not signed and the limit not yet passed (or no limit) → still pending, not counted.
/// * **On-time closure rate** = closed within limit (incl. approved extension) / due.
///   An order counts in the period containing its *decision time*: `closedAt` when it
///   was closed on time (`closedAt <= dueAt`), otherwise `dueAt` (the moment it became
///   late — whether it was closed late or is still open past due). Open orders whose
///   `dueAt` has not passed (`dueAt >= asOf`), and orders without `dueAt`, are not
///   counted. So: early or on-time closures count when closed; late ones when due.
/// * **Resolution rate** = resolved / successful follow-ups, counting follow-ups made
///   in the period (`followedUp && followedUpAt` in the period). A follow-up is
///   successful when the satisfaction is recorded and is not `unreachable`.
///   Successful follow-ups with `resolved == nil` (not asked) are left out of this KPI.
/// * **Satisfaction rate** = (satisfied + basically satisfied) / successful follow-ups
///   in the period.
///
/// ## Redo rounds (重办)
/// All records with the same `(orderId, unitCode)` are one order. For each KPI
/// separately, of that order's rounds that qualify for the KPI in the period (decided
/// and falling in the period, as above), only the **highest round** counts — the
/// latest outcome replaces the earlier one. For follow-ups only successful ones qualify,
/// so an unreachable redo follow-up does not erase a reachable earlier one. An order
/// therefore contributes at most 1 to each denominator per period.
///
/// ## Groups, sample and rank
/// * `.unit`: one row per `unitCode`; `.town`: one row per `townCode` ("" when missing).
///   A town's figures are the sums of the (order, unit) items whose chosen record names
///   the town — an order handled by two units of the same town counts for each unit.
/// * Every group with at least one record in the input gets a row, even if all zero.
/// * `sample` = distinct orders dispatched to the group in the period. Groups with
///   `sample < minimumSample` are listed with `notRankedReason = .belowMinimumSample`.
/// * `score` = Σ wᵢ·rateᵢ / Σ wᵢ over the KPIs that have a rate and a positive weight.
/// * Ranked rows come first, by score descending (ties, within 1e-9, share a rank:
///   1, 2, 2, 4), then by code; unranked rows follow, by code.
public enum Evaluation {
    public enum Grouping: String, Sendable, Codable, CaseIterable {
        case unit
        case town
    }

    /// Scores below this difference are a tie (floating-point noise, not a real gap).
    public static let tieTolerance = 1e-9

    /// Computes the evaluation table. See the type documentation for every counting rule.
    /// - Parameters:
    ///   - records: one record per work order per responsible unit per round.
    ///   - period: `[from, to)`.
    ///   - groupBy: rows per unit or per town.
    ///   - asOf: the instant the report is made "as of" (usually now); later events are ignored.
    ///   - weights: composite score weights (0.25 each by default).
    ///   - minimumSample: a group needs at least this many orders dispatched in the period to be ranked.
    /// - Returns: ranked rows by rank, then the unranked rows by code.
    public static func compute(
        _ records: [EvaluationRecord],
        period: EvaluationPeriod,
        groupBy: Grouping = .unit,
        asOf: Date,
        weights: EvaluationWeights = .standard,
        minimumSample: Int = 5
    ) -> [UnitScore] {
        let masked = records.map { mask($0, asOf: asOf) }

        func groupKey(_ r: EvaluationRecord) -> String {
            switch groupBy {
            case .unit: return r.unitCode
            case .town: return r.townCode ?? ""
            }
        }

        // Rows exist for every group present in the input, in first-seen order; the town
        // shown for a unit is its first non-nil town.
        var tallies: [String: Tally] = [:]
        var towns: [String: String] = [:]
        for r in masked {
            let key = groupKey(r)
            if tallies[key] == nil { tallies[key] = Tally() }
            if towns[key] == nil, let t = (groupBy == .town ? key : r.townCode) { towns[key] = t }
        }

        // One order per (orderId, unitCode); rounds are collapsed per KPI.
        var orders: [OrderKey: [EvaluationRecord]] = [:]
        for r in masked { orders[OrderKey(orderId: r.orderId, unitCode: r.unitCode), default: []].append(r) }

        for (_, rounds) in orders {
            // Sample: dispatched in the period (decided or not).
            if let r = latest(rounds.filter { $0.dispatchedAt.map(period.contains) ?? false }) {
                tallies[groupKey(r), default: Tally()].sample += 1
            }
            // Sign-for.
            let signFor = rounds.compactMap { r -> (EvaluationRecord, Bool)? in
                guard let d = r.dispatchedAt, period.contains(d), let onTime = signForOutcome(r, asOf: asOf) else { return nil }
                return (r, onTime)
            }
            if let (r, onTime) = signFor.max(by: { $0.0.round < $1.0.round }) {
                tallies[groupKey(r), default: Tally()].signFor += KPI(numerator: onTime ? 1 : 0, denominator: 1)
            }
            // Closure.
            let closure = rounds.compactMap { r -> (EvaluationRecord, Bool)? in
                guard let (at, onTime) = closureOutcome(r, asOf: asOf), period.contains(at) else { return nil }
                return (r, onTime)
            }
            if let (r, onTime) = closure.max(by: { $0.0.round < $1.0.round }) {
                tallies[groupKey(r), default: Tally()].closure += KPI(numerator: onTime ? 1 : 0, denominator: 1)
            }
            // Follow-up: successful ones in the period.
            let followUps = rounds.filter { r in
                guard r.followedUp, let at = r.followedUpAt, period.contains(at),
                      let s = r.satisfaction, s != .unreachable else { return false }
                return true
            }
            if let r = latest(followUps), let s = r.satisfaction {
                let key = groupKey(r)
                var t = tallies[key, default: Tally()]
                t.satisfaction += KPI(numerator: (s == .satisfied || s == .basicallySatisfied) ? 1 : 0, denominator: 1)
                if let resolved = r.resolved {
                    t.resolution += KPI(numerator: resolved ? 1 : 0, denominator: 1)
                }
                tallies[key] = t
            }
        }

        var rows: [UnitScore] = tallies.map { key, t in
            let score = compositeScore(signFor: t.signFor, closure: t.closure, resolution: t.resolution,
                                       satisfaction: t.satisfaction, weights: weights)
            let reason: NotRankedReason?
            if t.sample < minimumSample {
                reason = .belowMinimumSample(sample: t.sample, minimum: minimumSample)
            } else if score == nil {
                reason = .noScore
            } else {
                reason = nil
            }
            return UnitScore(code: key, townCode: towns[key], sample: t.sample,
                             signFor: t.signFor, closure: t.closure, resolution: t.resolution,
                             satisfaction: t.satisfaction, score: score, rank: nil, notRankedReason: reason)
        }
        rank(&rows)
        return rows
    }

    /// The composite score: Σ wᵢ·rateᵢ / Σ wᵢ over KPIs with a rate and a positive weight; `nil` if none.
    public static func compositeScore(
        signFor: KPI, closure: KPI, resolution: KPI, satisfaction: KPI,
        weights: EvaluationWeights = .standard
    ) -> Double? {
        var sum = 0.0
        var weight = 0.0
        for (kpi, w) in [(signFor, weights.signFor), (closure, weights.closure),
                         (resolution, weights.resolution), (satisfaction, weights.satisfaction)] {
            guard w > 0, let rate = kpi.rate else { continue }
            sum += w * rate
            weight += w
        }
        return weight > 0 ? sum / weight : nil
    }

    /// Sorts rows and assigns competition ranks (1, 2, 2, 4) to rows without a `notRankedReason`.
    static func rank(_ rows: inout [UnitScore]) {
        var ranked = rows.filter { $0.notRankedReason == nil && $0.score != nil }
        let unranked = rows.filter { !($0.notRankedReason == nil && $0.score != nil) }.sorted { $0.code < $1.code }
        ranked.sort { a, b in
            let sa = a.score!, sb = b.score!
            if abs(sa - sb) > tieTolerance { return sa > sb }
            return a.code < b.code
        }
        var previous: Double?
        var previousRank = 0
        for i in ranked.indices {
            let s = ranked[i].score!
            if let p = previous, abs(p - s) <= tieTolerance {
                ranked[i].rank = previousRank
            } else {
                previousRank = i + 1
                ranked[i].rank = previousRank
            }
            previous = s
        }
        rows = ranked + unranked
    }

    // MARK: - Rules per record

    /// Events at or after `asOf` have not happened yet.
    static func mask(_ r: EvaluationRecord, asOf: Date) -> EvaluationRecord {
        var r = r
        if let d = r.dispatchedAt, d >= asOf { r.dispatchedAt = nil }
        if let d = r.signedAt, d >= asOf { r.signedAt = nil }
        if let d = r.closedAt, d >= asOf { r.closedAt = nil }
        if let d = r.followedUpAt, d >= asOf {
            r.followedUp = false
            r.followedUpAt = nil
            r.resolved = nil
            r.satisfaction = nil
        }
        return r
    }

    /// `true` on time, `false` late, `nil` still pending (or never dispatched).
    static func signForOutcome(_ r: EvaluationRecord, asOf: Date) -> Bool? {
        guard r.dispatchedAt != nil else { return nil }
        if let signed = r.signedAt {
            guard let due = r.signForDueAt else { return true }
            return signed <= due
        }
        if let due = r.signForDueAt, due < asOf { return false }
        return nil
    }

    /// The decision time and whether the round was closed on time; `nil` when not decided yet.
    static func closureOutcome(_ r: EvaluationRecord, asOf: Date) -> (at: Date, onTime: Bool)? {
        guard let due = r.dueAt else { return nil }
        if let closed = r.closedAt, closed <= due { return (closed, true) }
        if r.closedAt != nil || due < asOf { return (due, false) }
        return nil
    }

    private static func latest(_ rounds: [EvaluationRecord]) -> EvaluationRecord? {
        rounds.max { $0.round < $1.round }
    }

    private struct OrderKey: Hashable {
        var orderId: String
        var unitCode: String
    }

    private struct Tally {
        var sample = 0
        var signFor = KPI()
        var closure = KPI()
        var resolution = KPI()
        var satisfaction = KPI()
    }
}
