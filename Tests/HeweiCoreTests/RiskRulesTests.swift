import Foundation
@testable import HeweiCore
import Testing

struct RiskRulesTests {
    static let good = RiskRules(words: [.init(text: "跳楼", kind: "selfHarm")],
                                spike: .init(windowDays: 7, baselineWindows: 8, falseAlarmRate: 0.001, minimumCount: 5),
                                repeatCaller: .init(times: 3, days: 30), escalation: .init(days: 60),
                                overdueRising: .init(threshold: 3), sweepEveryMinutes: 15)

    @Test func goodRulesHaveNoProblem() {
        #expect(Self.good.problem() == nil)
        #expect(Self.good.riskWords.matches(in: "我要 跳 楼").map(\.kind) == ["selfHarm"])
    }

    @Test func eachBadFieldIsNamed() {
        var r = Self.good
        r.words = []
        #expect(r.problem()?.field == "words")
        r = Self.good
        r.words.append(.init(text: " ", kind: "x"))
        #expect(r.problem()?.field == "words[1].text")
        r = Self.good
        r.spike.falseAlarmRate = 0.7
        #expect(r.problem()?.field == "spike.falseAlarmRate")
        r = Self.good
        r.repeatCaller.times = 1
        #expect(r.problem()?.field == "repeatCaller.times")
    }

    @Test func theLifecycleTableAllowsOnlyForwardSteps() throws {
        let table = RiskWarningLifecycle.table
        #expect(try table.next(from: .raised, on: .acknowledge) == .acknowledged)
        #expect(try table.next(from: .acknowledged, on: .handle) == .handled)
        #expect(try table.next(from: .raised, on: .handle) == .handled)
        #expect(throws: RecordTransitionError.self) { try table.next(from: .handled, on: .acknowledge) }
        #expect(table.allowed(from: .acknowledged) == [.handle])
        #expect(table.allowed(from: .handled).isEmpty)
    }
}
