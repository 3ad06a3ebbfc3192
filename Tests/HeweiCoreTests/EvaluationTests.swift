import Foundation
import Testing
@testable import HeweiCore

/// 2025-03-01 00:00:00 UTC. `d(day, hour)` is March `day` at `hour`:00; day 0 = Feb 28,
/// day 32 = April 1, day 41 = April 10.
private let march1 = Date(timeIntervalSince1970: 1_740_787_200)
private func d(_ day: Int, _ hour: Int = 0) -> Date {
    march1.addingTimeInterval(Double((day - 1) * 86_400 + hour * 3_600))
}

private let march = EvaluationPeriod(from: d(1), to: d(32))
private let april = EvaluationPeriod(from: d(32), to: d(62))
private let asOfApril10 = d(41)

private func close(_ a: Double?, _ b: Double) -> Bool {
    guard let a else { return false }
    return abs(a - b) < 1e-12
}

private func row(_ rows: [UnitScore], _ code: String) throws -> UnitScore {
    try #require(rows.first { $0.code == code })
}

/// The hand-computed data set: units A and B in town T1, unit C in town T2. Period March,
/// as of April 10. Every record is one round of one order for one unit.
private let sample: [EvaluationRecord] = [
    // ---- Unit A (T1) ----
    // A1: signed on time; closed on time (decided Mar 8); satisfied, resolved.
    EvaluationRecord(orderId: "A1", unitCode: "A", townCode: "T1",
                     dispatchedAt: d(2, 9), signedAt: d(2, 10), signForDueAt: d(2, 17),
                     dueAt: d(9, 17), closedAt: d(8, 9),
                     followedUp: true, followedUpAt: d(9, 10), resolved: true, satisfaction: .satisfied),
    // A2: signed late; closed late (decided at due, Mar 10); basically satisfied, resolved not asked.
    EvaluationRecord(orderId: "A2", unitCode: "A", townCode: "T1",
                     dispatchedAt: d(3, 9), signedAt: d(4, 9), signForDueAt: d(3, 17),
                     dueAt: d(10, 17), closedAt: d(12, 9),
                     followedUp: true, followedUpAt: d(13, 9), resolved: nil, satisfaction: .basicallySatisfied),
    // A3 round 1: all on time, but unsatisfied/unresolved → redo. Superseded by round 2 for every KPI.
    EvaluationRecord(orderId: "A3", unitCode: "A", townCode: "T1",
                     dispatchedAt: d(5, 9), signedAt: d(5, 9), signForDueAt: d(5, 17),
                     dueAt: d(12, 17), closedAt: d(11, 9),
                     followedUp: true, followedUpAt: d(12, 9), resolved: false, satisfaction: .unsatisfied, round: 1),
    // A3 round 2: signed on time; closed on time (Mar 19); basically satisfied, not resolved.
    EvaluationRecord(orderId: "A3", unitCode: "A", townCode: "T1",
                     dispatchedAt: d(13, 9), signedAt: d(13, 10), signForDueAt: d(13, 17),
                     dueAt: d(20, 17), closedAt: d(19, 9),
                     followedUp: true, followedUpAt: d(21, 9), resolved: false, satisfaction: .basicallySatisfied, round: 2),
    // A4: never signed (limit passed → late); open past due (decided Mar 17 → late); no follow-up.
    EvaluationRecord(orderId: "A4", unitCode: "A", townCode: "T1",
                     dispatchedAt: d(10, 9), signForDueAt: d(10, 17), dueAt: d(17, 17)),
    // A5: on time, on time (Mar 26); follow-up unreachable → not in follow-up KPIs.
    EvaluationRecord(orderId: "A5", unitCode: "A", townCode: "T1",
                     dispatchedAt: d(20, 9), signedAt: d(20, 10), signForDueAt: d(20, 17),
                     dueAt: d(27, 17), closedAt: d(26, 9),
                     followedUp: true, followedUpAt: d(27, 10), satisfaction: .unreachable),
    // A6: dispatched Mar 31 20:00 (in March), signed on time on Apr 1; closed on time Apr 6 → closure is April's.
    EvaluationRecord(orderId: "A6", unitCode: "A", townCode: "T1",
                     dispatchedAt: d(31, 20), signedAt: d(32, 9), signForDueAt: d(32, 12),
                     dueAt: d(38, 17), closedAt: d(37, 9)),
    // A8: dispatched in February (not March's sample/sign-for); closed on time Mar 3 → March closure.
    EvaluationRecord(orderId: "A8", unitCode: "A", townCode: "T1",
                     dispatchedAt: d(-2, 9), signedAt: d(-2, 10), signForDueAt: d(-2, 17),
                     dueAt: d(4, 17), closedAt: d(3, 9)),

    // ---- Unit B (T1) ----
    // B1: on time, on time (Mar 9), satisfied + resolved.
    EvaluationRecord(orderId: "B1", unitCode: "B", townCode: "T1",
                     dispatchedAt: d(3, 9), signedAt: d(3, 10), signForDueAt: d(3, 17),
                     dueAt: d(10, 17), closedAt: d(9, 9),
                     followedUp: true, followedUpAt: d(10, 9), resolved: true, satisfaction: .satisfied),
    // B2: on time, on time (Mar 10), unsatisfied + unresolved.
    EvaluationRecord(orderId: "B2", unitCode: "B", townCode: "T1",
                     dispatchedAt: d(4, 9), signedAt: d(4, 10), signForDueAt: d(4, 17),
                     dueAt: d(11, 17), closedAt: d(10, 9),
                     followedUp: true, followedUpAt: d(11, 9), resolved: false, satisfaction: .unsatisfied),
    // B3: signed on time; open, due Apr 14 (after asOf) → closure not decided.
    EvaluationRecord(orderId: "B3", unitCode: "B", townCode: "T1",
                     dispatchedAt: d(6, 9), signedAt: d(6, 10), signForDueAt: d(6, 17), dueAt: d(45, 17)),
    // B4: signed late; closed late (decided at due, Mar 15); satisfied + resolved.
    EvaluationRecord(orderId: "B4", unitCode: "B", townCode: "T1",
                     dispatchedAt: d(8, 9), signedAt: d(9, 9), signForDueAt: d(8, 17),
                     dueAt: d(15, 17), closedAt: d(16, 9),
                     followedUp: true, followedUpAt: d(17, 9), resolved: true, satisfaction: .satisfied),
    // B5: signed exactly at the limit and closed exactly at the due time → both on time; unreachable.
    EvaluationRecord(orderId: "B5", unitCode: "B", townCode: "T1",
                     dispatchedAt: d(25, 9), signedAt: d(25, 17), signForDueAt: d(25, 17),
                     dueAt: d(30, 18), closedAt: d(30, 18),
                     followedUp: true, followedUpAt: d(31, 9), satisfaction: .unreachable),

    // ---- Unit C (T2) ----
    // C1: on time, on time (Mar 11), satisfied + resolved.
    EvaluationRecord(orderId: "C1", unitCode: "C", townCode: "T2",
                     dispatchedAt: d(5, 9), signedAt: d(5, 10), signForDueAt: d(5, 17),
                     dueAt: d(12, 17), closedAt: d(11, 9),
                     followedUp: true, followedUpAt: d(12, 9), resolved: true, satisfaction: .satisfied),
    // C2: signed on time; open past due (decided Mar 20 → late).
    EvaluationRecord(orderId: "C2", unitCode: "C", townCode: "T2",
                     dispatchedAt: d(6, 9), signedAt: d(6, 10), signForDueAt: d(6, 17), dueAt: d(20, 17)),
    // C3: signed late; open, due after asOf → not decided.
    EvaluationRecord(orderId: "C3", unitCode: "C", townCode: "T2",
                     dispatchedAt: d(15, 9), signedAt: d(16, 9), signForDueAt: d(15, 17), dueAt: d(45, 17)),
]

@Suite struct EvaluationTests {
    // Hand computation, unit A (March, as of Apr 10):
    //   sample      = A1 A2 A3 A4 A5 A6                       = 6   (A8 dispatched in Feb; A3 once)
    //   sign-for    = on time A1 A3(r2) A5 A6; late A2 A4      = 4/6 = 0.6667
    //   closure     = decided in March: A8✓(3) A1✓(8) A2✗(10) A4✗(17) A3r2✓(19) A5✓(26); A6 is April's
    //               = 4/6 = 0.6667
    //   resolution  = A1 true, A3r2 false (A2 not asked, A5 unreachable, A3r1 superseded) = 1/2 = 0.5
    //   satisfaction= A1 sat, A2 basic, A3r2 basic             = 3/3 = 1.0
    //   score       = (2/3 + 2/3 + 1/2 + 1) / 4 = (17/6)/4 = 17/24 = 0.708333
    // Unit B:
    //   sample 5; sign-for B1 B2 B3 B5 ✓, B4 ✗ = 4/5 = 0.8
    //   closure B1✓ B2✓ B4✗ B5✓ (B3 undecided) = 3/4 = 0.75
    //   resolution B1 true, B2 false, B4 true = 2/3; satisfaction B1, B4 of B1 B2 B4 = 2/3
    //   score = (4/5 + 3/4 + 2/3 + 2/3)/4 = (173/60)/4 = 173/240 = 0.720833
    // Unit C:
    //   sample 3 (< 5 → not ranked); sign-for C1 C2 ✓, C3 ✗ = 2/3
    //   closure C1✓ C2✗ (C3 undecided) = 1/2; resolution 1/1; satisfaction 1/1
    //   score = (2/3 + 1/2 + 1 + 1)/4 = (19/6)/4 = 19/24 = 0.791667 (highest, but unranked)
    // Ranking: B 1, A 2; C listed after, not ranked.
    @Test func handComputedUnitTable() throws {
        let rows = Evaluation.compute(sample, period: march, groupBy: .unit, asOf: asOfApril10)
        #expect(rows.map(\.code) == ["B", "A", "C"])

        let a = try row(rows, "A")
        #expect(a.townCode == "T1")
        #expect(a.sample == 6)
        #expect(a.signFor == KPI(numerator: 4, denominator: 6))
        #expect(a.closure == KPI(numerator: 4, denominator: 6))
        #expect(a.resolution == KPI(numerator: 1, denominator: 2))
        #expect(a.satisfaction == KPI(numerator: 3, denominator: 3))
        #expect(close(a.signFor.rate, 2.0 / 3.0))
        #expect(a.resolution.rate == 0.5)
        #expect(a.satisfaction.rate == 1.0)
        #expect(close(a.score, 17.0 / 24.0))
        #expect(a.rank == 2)
        #expect(a.notRankedReason == nil)

        let b = try row(rows, "B")
        #expect(b.townCode == "T1")
        #expect(b.sample == 5)
        #expect(b.signFor == KPI(numerator: 4, denominator: 5))
        #expect(b.closure == KPI(numerator: 3, denominator: 4))
        #expect(b.resolution == KPI(numerator: 2, denominator: 3))
        #expect(b.satisfaction == KPI(numerator: 2, denominator: 3))
        #expect(b.signFor.rate == 0.8)
        #expect(b.closure.rate == 0.75)
        #expect(close(b.score, 173.0 / 240.0))
        #expect(b.rank == 1)

        let c = try row(rows, "C")
        #expect(c.townCode == "T2")
        #expect(c.sample == 3)
        #expect(c.signFor == KPI(numerator: 2, denominator: 3))
        #expect(c.closure == KPI(numerator: 1, denominator: 2))
        #expect(c.resolution == KPI(numerator: 1, denominator: 1))
        #expect(c.satisfaction == KPI(numerator: 1, denominator: 1))
        #expect(close(c.score, 19.0 / 24.0))
        #expect(c.rank == nil)
        #expect(c.notRankedReason == .belowMinimumSample(sample: 3, minimum: 5))
    }

    // Towns are sums of their units' items:
    //   T1 = A + B: sample 11, sign-for 8/11, closure 7/10, resolution 3/5, satisfaction 5/6
    //     score = (8/11 + 7/10 + 3/5 + 5/6)/4 = (240+231+198+275)/330/4 = 944/1320 = 118/165 = 0.715152
    //   T2 = C: sample 3, 2/3, 1/2, 1/1, 1/1, score 19/24 = 0.791667
    //   minimumSample 3 → both ranked: T2 1, T1 2. Default minimum 5 → T2 not ranked, T1 1.
    @Test func handComputedTownTable() throws {
        let rows = Evaluation.compute(sample, period: march, groupBy: .town, asOf: asOfApril10, minimumSample: 3)
        #expect(rows.map(\.code) == ["T2", "T1"])
        let t1 = try row(rows, "T1")
        #expect(t1.townCode == "T1")
        #expect(t1.sample == 11)
        #expect(t1.signFor == KPI(numerator: 8, denominator: 11))
        #expect(t1.closure == KPI(numerator: 7, denominator: 10))
        #expect(t1.resolution == KPI(numerator: 3, denominator: 5))
        #expect(t1.satisfaction == KPI(numerator: 5, denominator: 6))
        #expect(close(t1.score, 118.0 / 165.0))
        #expect(t1.rank == 2)
        let t2 = try row(rows, "T2")
        #expect(t2.sample == 3)
        #expect(close(t2.score, 19.0 / 24.0))
        #expect(t2.rank == 1)

        let strict = Evaluation.compute(sample, period: march, groupBy: .town, asOf: asOfApril10)
        #expect(strict.map(\.code) == ["T1", "T2"])
        #expect(try row(strict, "T1").rank == 1)
        #expect(try row(strict, "T2").notRankedReason == .belowMinimumSample(sample: 3, minimum: 5))
    }

    // April, as of April 10, unit A: A6 closed on time Apr 6 → closure 1/1; nothing dispatched
    // or followed up in April → sample 0, sign-for/resolution/satisfaction nil; score = 1.0 over
    // the one available rate; not ranked (sample 0 < 5).
    @Test func nextPeriodPicksUpLaterOutcomes() throws {
        let rows = Evaluation.compute(sample, period: april, asOf: asOfApril10)
        let a = try row(rows, "A")
        #expect(a.sample == 0)
        #expect(a.closure == KPI(numerator: 1, denominator: 1))
        #expect(a.signFor.rate == nil)
        #expect(close(a.score, 1.0))
        #expect(a.notRankedReason == .belowMinimumSample(sample: 0, minimum: 5))
        // B3 and C3 are due Apr 14, after asOf: still undecided in April too.
        #expect(try row(rows, "B").closure == KPI())
        #expect(try row(rows, "C").closure == KPI())
        #expect(rows.allSatisfy { $0.rank == nil })
    }

    @Test func csvOfHandComputedTable() {
        let rows = Evaluation.compute(sample, period: march, asOf: asOfApril10)
        let text = Evaluation.csv(rows, names: ["A": "住建局", "B": "Water, Power & Co"])
        let expected = [
            "unit,name,town,sample,sign_for_on_time,sign_for_dispatched,sign_for_rate_pct,closure_on_time,closure_due,closure_rate_pct,resolution_resolved,resolution_followed_up,resolution_rate_pct,satisfaction_satisfied,satisfaction_followed_up,satisfaction_rate_pct,score,rank,not_ranked_reason",
            // B: 80.0 75.0 66.7 66.7, score 173/240 = 72.083 → 72.1
            "B,\"Water, Power & Co\",T1,5,4,5,80.0,3,4,75.0,2,3,66.7,2,3,66.7,72.1,1,",
            // A: 66.7 66.7 50.0 100.0, score 17/24 = 70.833 → 70.8
            "A,住建局,T1,6,4,6,66.7,4,6,66.7,1,2,50.0,3,3,100.0,70.8,2,",
            // C: score 19/24 = 79.166 → 79.2, not ranked
            "C,,T2,3,2,3,66.7,1,2,50.0,1,1,100.0,1,1,100.0,79.2,,sample 3 below minimum 5",
        ].map { $0 + "\r\n" }.joined()
        #expect(text == expected)

        let zh = Evaluation.csv(rows, header: .chinese)
        #expect(zh.hasPrefix("单位,名称,所属乡镇,样本量,按时签收数,派单数,按时签收率%"))
        #expect(zh.contains("样本不足（派单3件，少于5件）"))
    }

    @Test func zeroDenominatorsAndWeights() throws {
        // Unit Z: two orders, both signed on time (2/2), one closed late (1/2), no follow-ups.
        let records = [
            EvaluationRecord(orderId: "Z1", unitCode: "Z", dispatchedAt: d(2, 9), signedAt: d(2, 10),
                             signForDueAt: d(2, 17), dueAt: d(9, 17), closedAt: d(8, 9)),
            EvaluationRecord(orderId: "Z2", unitCode: "Z", dispatchedAt: d(3, 9), signedAt: d(3, 10),
                             signForDueAt: d(3, 17), dueAt: d(10, 17), closedAt: d(11, 9)),
            // Unit Y: only a February order → nothing in March at all.
            EvaluationRecord(orderId: "Y1", unitCode: "Y", dispatchedAt: d(-5, 9), signedAt: d(-5, 10),
                             signForDueAt: d(-5, 17), dueAt: d(-1, 17), closedAt: d(-2, 9)),
        ]
        // Default weights: (1 + 0.5) / 2 = 0.75 (resolution and satisfaction dropped).
        let rows = Evaluation.compute(records, period: march, asOf: asOfApril10, minimumSample: 1)
        let z = try row(rows, "Z")
        #expect(z.townCode == nil)
        #expect(z.signFor == KPI(numerator: 2, denominator: 2))
        #expect(z.closure == KPI(numerator: 1, denominator: 2))
        #expect(z.resolution == KPI(numerator: 0, denominator: 0))
        #expect(z.resolution.rate == nil)
        #expect(z.satisfaction.rate == nil)
        #expect(z.satisfaction.percentText == nil)
        #expect(close(z.score, 0.75))
        #expect(z.rank == 1)
        let y = try row(rows, "Y")
        #expect(y.score == nil)
        #expect(y.rank == nil)
        #expect(y.notRankedReason == .belowMinimumSample(sample: 0, minimum: 1))
        #expect(try row(Evaluation.compute(records, period: march, asOf: asOfApril10, minimumSample: 0), "Y")
            .notRankedReason == .noScore)

        // Weights 0.4/0.2/0.2/0.2 → (0.4·1 + 0.2·0.5) / (0.4 + 0.2) = 0.5/0.6 = 0.8333.
        let weighted = Evaluation.compute(records, period: march, asOf: asOfApril10,
                                          weights: EvaluationWeights(signFor: 0.4, closure: 0.2, resolution: 0.2, satisfaction: 0.2),
                                          minimumSample: 1)
        #expect(close(try row(weighted, "Z").score, 0.5 / 0.6))
        // A zero weight drops the KPI entirely: only closure counts → 0.5.
        let closureOnly = Evaluation.compute(records, period: march, asOf: asOfApril10,
                                             weights: EvaluationWeights(signFor: 0, closure: 1, resolution: 0, satisfaction: 0),
                                             minimumSample: 1)
        #expect(close(try row(closureOnly, "Z").score, 0.5))
        #expect(Evaluation.compositeScore(signFor: KPI(), closure: KPI(), resolution: KPI(), satisfaction: KPI()) == nil)
    }

    /// `count` orders for `unit`; the first `signOnTime` signed on time, the first `closeOnTime` closed on time.
    private func orders(_ unit: String, count: Int, signOnTime: Int, closeOnTime: Int) -> [EvaluationRecord] {
        (0..<count).map { i in
            EvaluationRecord(orderId: "\(unit)\(i)", unitCode: unit,
                             dispatchedAt: d(2, 9), signedAt: i < signOnTime ? d(2, 10) : d(3, 9), signForDueAt: d(2, 17),
                             dueAt: d(9, 17), closedAt: i < closeOnTime ? d(8, 9) : d(10, 9))
        }
    }

    // P: 10/10, 10/10 → 1.0.  Q: 1/10, 2/10 → (0.1 + 0.2)/2 = 0.15.  R: 3/10, 0/10 → 0.3/2 = 0.15
    // (equal up to floating-point noise: 0.1 + 0.2 ≠ 0.3 in binary).  S: 0/10, 1/10 → 0.05.
    // Ranks 1, 2, 2, 4; tied rows ordered by code. U: 4 orders, all on time → 1.0 but sample 4 < 5.
    @Test func tiesShareARank() {
        let records = orders("S", count: 10, signOnTime: 0, closeOnTime: 1)
            + orders("R", count: 10, signOnTime: 3, closeOnTime: 0)
            + orders("Q", count: 10, signOnTime: 1, closeOnTime: 2)
            + orders("P", count: 10, signOnTime: 10, closeOnTime: 10)
            + orders("U", count: 4, signOnTime: 4, closeOnTime: 4)
        let rows = Evaluation.compute(records, period: march, asOf: asOfApril10)
        #expect(rows.map(\.code) == ["P", "Q", "R", "S", "U"])
        #expect(rows.map(\.rank) == [1, 2, 2, 4, nil])
        #expect(close(rows[1].score, 0.15))
        #expect(close(rows[2].score, 0.15))
        #expect(rows[4].notRankedReason == .belowMinimumSample(sample: 4, minimum: 5))
        // A three-way tie at the top: 1, 1, 1, 4.
        let top = Evaluation.compute(orders("P", count: 5, signOnTime: 5, closeOnTime: 5)
            + orders("P2", count: 5, signOnTime: 5, closeOnTime: 5)
            + orders("P3", count: 6, signOnTime: 6, closeOnTime: 6)
            + orders("P4", count: 5, signOnTime: 4, closeOnTime: 5), period: march, asOf: asOfApril10)
        #expect(top.map(\.rank) == [1, 1, 1, 4])
    }

    @Test func periodBoundaries() throws {
        #expect(march.contains(d(1)))
        #expect(!march.contains(d(32)))
        #expect(march.contains(d(32).addingTimeInterval(-1)))
        #expect(!march.contains(d(1).addingTimeInterval(-1)))
        #expect(!EvaluationPeriod(from: d(5), to: d(5)).contains(d(5)))

        let records = [
            // Dispatched exactly at `from` → counts (sample, sign-for on time).
            EvaluationRecord(orderId: "X1", unitCode: "X", dispatchedAt: d(1), signedAt: d(1, 1), signForDueAt: d(1, 8)),
            // Dispatched exactly at `to` → April's.
            EvaluationRecord(orderId: "X2", unitCode: "X", dispatchedAt: d(32), signedAt: d(32, 1), signForDueAt: d(32, 8)),
            // Closed on time exactly at `from` → counts (on time).
            EvaluationRecord(orderId: "X3", unitCode: "X", dueAt: d(3), closedAt: d(1)),
            // Closed on time exactly at `to` → April's.
            EvaluationRecord(orderId: "X4", unitCode: "X", dueAt: d(33), closedAt: d(32)),
            // Open, due exactly at `to` → became late at `to` → April's.
            EvaluationRecord(orderId: "X5", unitCode: "X", dueAt: d(32)),
            // Open, due one second before `to` → March, late.
            EvaluationRecord(orderId: "X6", unitCode: "X", dueAt: d(32).addingTimeInterval(-1)),
            // Follow-up exactly at `from` counts; exactly at `to` does not.
            EvaluationRecord(orderId: "X7", unitCode: "X", followedUp: true, followedUpAt: d(1), resolved: true, satisfaction: .satisfied),
            EvaluationRecord(orderId: "X8", unitCode: "X", followedUp: true, followedUpAt: d(32), resolved: false, satisfaction: .unsatisfied),
        ]
        let x = try row(Evaluation.compute(records, period: march, asOf: asOfApril10), "X")
        #expect(x.sample == 1)
        #expect(x.signFor == KPI(numerator: 1, denominator: 1))
        #expect(x.closure == KPI(numerator: 1, denominator: 2))      // X3 on time, X6 late
        #expect(x.resolution == KPI(numerator: 1, denominator: 1))   // X7 only
        #expect(x.satisfaction == KPI(numerator: 1, denominator: 1))

        let xApril = try row(Evaluation.compute(records, period: april, asOf: asOfApril10), "X")
        #expect(xApril.sample == 1)
        #expect(xApril.closure == KPI(numerator: 1, denominator: 2)) // X4 on time, X5 late
        #expect(xApril.satisfaction == KPI(numerator: 0, denominator: 1))
    }

    // As of March 10 00:00: events from then on have not happened yet.
    @Test func asOfMasksLaterEventsAndPendingOrders() throws {
        let asOf = d(10)
        let records = [
            // Signed after asOf, limit not yet passed at asOf → pending: sample yes, sign-for no.
            EvaluationRecord(orderId: "M1", unitCode: "M", dispatchedAt: d(9, 20), signedAt: d(10, 9), signForDueAt: d(10, 12)),
            // Not signed, limit passed before asOf → late.
            EvaluationRecord(orderId: "M2", unitCode: "M", dispatchedAt: d(8, 9), signForDueAt: d(8, 17)),
            // Not signed, no limit configured → pending.
            EvaluationRecord(orderId: "M3", unitCode: "M", dispatchedAt: d(8, 9)),
            // Signed, no limit configured → on time.
            EvaluationRecord(orderId: "M4", unitCode: "M", dispatchedAt: d(8, 9), signedAt: d(9, 9)),
            // Open, due after asOf → not decided. Closed after asOf → treated as open.
            EvaluationRecord(orderId: "M5", unitCode: "M", dueAt: d(15), closedAt: d(12)),
            // Closed late after asOf, but the due time passed before asOf → late as of Mar 9.
            EvaluationRecord(orderId: "M6", unitCode: "M", dueAt: d(9), closedAt: d(12)),
            // No due time → never in closure.
            EvaluationRecord(orderId: "M7", unitCode: "M", closedAt: d(5)),
            // Follow-up after asOf → ignored.
            EvaluationRecord(orderId: "M8", unitCode: "M", followedUp: true, followedUpAt: d(11), resolved: true, satisfaction: .satisfied),
            // Follow-up flagged but without a time → ignored; unreachable → ignored.
            EvaluationRecord(orderId: "M9", unitCode: "M", followedUp: true, resolved: true, satisfaction: .satisfied),
            EvaluationRecord(orderId: "M10", unitCode: "M", followedUp: true, followedUpAt: d(5), resolved: true, satisfaction: .unreachable),
        ]
        let m = try row(Evaluation.compute(records, period: march, asOf: asOf, minimumSample: 1), "M")
        #expect(m.sample == 4)                                      // M1 M2 M3 M4
        #expect(m.signFor == KPI(numerator: 1, denominator: 2))      // M4 on time, M2 late
        #expect(m.closure == KPI(numerator: 0, denominator: 1))      // M6 late
        #expect(m.resolution == KPI())
        #expect(m.satisfaction == KPI())
        #expect(close(m.score, 0.25))                                // (0.5 + 0)/2
    }

    @Test func redoRoundsCountTheOrderOnce() throws {
        let round1 = EvaluationRecord(orderId: "R", unitCode: "U", townCode: "T",
                                      dispatchedAt: d(2, 9), signedAt: d(2, 10), signForDueAt: d(2, 17),
                                      dueAt: d(9, 17), closedAt: d(8, 9),
                                      followedUp: true, followedUpAt: d(9, 10), resolved: false, satisfaction: .unsatisfied, round: 1)
        // Round 2 in March: signed late, closed on time, satisfied + resolved.
        let round2 = EvaluationRecord(orderId: "R", unitCode: "U", townCode: "T",
                                      dispatchedAt: d(10, 9), signedAt: d(11, 9), signForDueAt: d(10, 17),
                                      dueAt: d(17, 17), closedAt: d(16, 9),
                                      followedUp: true, followedUpAt: d(17, 10), resolved: true, satisfaction: .satisfied, round: 2)
        // Input order does not matter: the highest round wins.
        let u = try row(Evaluation.compute([round2, round1], period: march, asOf: asOfApril10, minimumSample: 1), "U")
        #expect(u.sample == 1)
        #expect(u.signFor == KPI(numerator: 0, denominator: 1))
        #expect(u.closure == KPI(numerator: 1, denominator: 1))
        #expect(u.resolution == KPI(numerator: 1, denominator: 1))
        #expect(u.satisfaction == KPI(numerator: 1, denominator: 1))

        // Round 2 follow-up unreachable → round 1's successful follow-up still stands.
        var unreachable = round2
        unreachable.satisfaction = .unreachable
        unreachable.resolved = nil
        let v = try row(Evaluation.compute([round1, unreachable], period: march, asOf: asOfApril10, minimumSample: 1), "U")
        #expect(v.satisfaction == KPI(numerator: 0, denominator: 1))
        #expect(v.resolution == KPI(numerator: 0, denominator: 1))

        // Round 2 in April: March keeps round 1's outcome, April gets round 2's.
        var late = round2
        late.dispatchedAt = d(33, 9); late.signedAt = d(33, 10); late.signForDueAt = d(33, 17)
        late.dueAt = d(40, 17); late.closedAt = d(39, 9); late.followedUpAt = d(40, 10)
        let marchRow = try row(Evaluation.compute([round1, late], period: march, asOf: asOfApril10, minimumSample: 1), "U")
        #expect(marchRow.signFor == KPI(numerator: 1, denominator: 1))
        #expect(marchRow.satisfaction == KPI(numerator: 0, denominator: 1))
        let aprilRow = try row(Evaluation.compute([round1, late], period: april, asOf: asOfApril10, minimumSample: 1), "U")
        #expect(aprilRow.sample == 1)
        #expect(aprilRow.signFor == KPI(numerator: 1, denominator: 1))
        #expect(aprilRow.satisfaction == KPI(numerator: 1, denominator: 1))

        // Same order, two responsible units: one item per unit; the town sums both.
        var otherUnit = round1
        otherUnit.unitCode = "W"
        let towns = Evaluation.compute([round1, round2, otherUnit], period: march, groupBy: .town, asOf: asOfApril10, minimumSample: 1)
        #expect(try row(towns, "T").sample == 2)
        #expect(try row(towns, "T").satisfaction == KPI(numerator: 1, denominator: 2))
    }

    @Test func csvQuotingAndFormulaDefusing() {
        #expect(Evaluation.csvField("plain") == "plain")
        #expect(Evaluation.csvField("") == "")
        #expect(Evaluation.csvField("a,b") == "\"a,b\"")
        #expect(Evaluation.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(Evaluation.csvField("two\nlines") == "\"two\nlines\"")
        #expect(Evaluation.csvField("cr\r\nlf") == "\"cr\r\nlf\"")
        #expect(Evaluation.csvField("=1+2") == "'=1+2")
        #expect(Evaluation.csvField("+86") == "'+86")
        #expect(Evaluation.csvField("-5") == "'-5")
        #expect(Evaluation.csvField("@SUM(A1)") == "'@SUM(A1)")
        #expect(Evaluation.csvField("\tx") == "'\tx")
        #expect(Evaluation.csvField("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")
        #expect(Evaluation.csvField("a=b") == "a=b")

        let evil = UnitScore(code: "=cmd|'/C calc'!A0", townCode: "T,\"1\"", sample: 0,
                             signFor: KPI(numerator: 1, denominator: 16), closure: KPI(), resolution: KPI(), satisfaction: KPI(),
                             score: 0.0625, rank: nil, notRankedReason: .noScore)
        let text = Evaluation.csv([evil], groupBy: .town)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.count == 3 && lines[2].isEmpty)
        #expect(lines[0].hasPrefix("town,name,town,sample,"))
        // 1/16 = 6.25 % → "6.3" (half up); score 0.0625 → 6.25 points → "6.3".
        #expect(lines[1] == "'=cmd|'/C calc'!A0,,\"T,\"\"1\"\"\",0,1,16,6.3,0,0,,0,0,,0,0,,6.3,,no KPI to score")
    }

    @Test func percentAndScoreText() {
        #expect(KPI(numerator: 2, denominator: 3).percentText == "66.7")
        #expect(KPI(numerator: 1, denominator: 3).percentText == "33.3")
        #expect(KPI(numerator: 0, denominator: 7).percentText == "0.0")
        #expect(KPI(numerator: 7, denominator: 7).percentText == "100.0")
        #expect(KPI(numerator: 1, denominator: 2000).percentText == "0.1")   // 0.05 % → half up
        #expect(KPI().percentText == nil)
        #expect(Evaluation.scoreText(17.0 / 24.0) == "70.8")
        #expect(Evaluation.scoreText(1) == "100.0")
        #expect(Evaluation.scoreText(0) == "0.0")
    }
}

@Suite struct ClearanceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func ago(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    @Test func backlogAgeRedoAndTrendByHand() {
        let items: [Clearance.Item] = [
            // unit A: open for 0.5, 2 and 10 days (the 10-day one on its second round); one closed 1.5 days ago
            .init(group: "A", createdAt: ago(0.5), closedAt: nil, round: 1),
            .init(group: "A", createdAt: ago(2), closedAt: nil, round: 1),
            .init(group: "A", createdAt: ago(10), closedAt: nil, round: 2),
            .init(group: "A", createdAt: ago(4), closedAt: ago(1.5), round: 1),
            // unit B: everything closed; one closed just now
            .init(group: "B", createdAt: ago(5), closedAt: ago(2.5), round: 1),
            .init(group: "B", createdAt: ago(1), closedAt: now, round: 1),
        ]
        let rows = Clearance.board(items, now: now, days: 3)   // points: 2 days ago, 1 day ago, now
        #expect(rows.map(\.group) == ["A", "B"])
        let a = rows[0], b = rows[1]
        #expect(a.open == 3 && a.ageBuckets == [1, 1, 0, 1] && a.redone == 1)
        // A at 2 days ago: the 2-, 10- and 4-day ones were open → 3; 1 day ago: the 4-day one closed (1.5 days ago) → 2; now → 3
        #expect(a.trend == [3, 2, 3] && a.change == 0)
        #expect(a.oldestOpenAt == ago(10))
        // B at 2 days ago: the 5-day one closed 2.5 days ago → 0; 1 day ago: the 1-day one was open → 1; now: closed at now → 0
        #expect(b.open == 0 && b.trend == [0, 1, 0] && b.change == 0 && b.oldestOpenAt == nil)
    }

    @Test func anEmptyBoardIsEmpty() {
        #expect(Clearance.board([], now: now, days: 7).isEmpty)
    }
}
