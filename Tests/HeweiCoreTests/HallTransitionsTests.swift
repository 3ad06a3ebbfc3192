import HeweiCore
import Testing

@Suite struct HallTransitionsTests {
    @Test func aVisitWaitsIsCalledServedAndTriaged() throws {
        let t = HallVisits.table
        #expect(try t.next(from: .waiting, on: .call) == .called)
        #expect(try t.next(from: .called, on: .serve) == .serving)
        #expect(try t.next(from: .serving, on: .triage) == .triaged)
        #expect(try t.next(from: .called, on: .noShow) == .noShow)
        #expect(try t.next(from: .waiting, on: .leave) == .left)
        #expect(try t.next(from: .serving, on: .leave) == .left)
        #expect(t.states == Set(HallVisitState.allCases))
    }

    @Test func illegalStepsAreRefusedWithTheAllowedActions() {
        do {
            _ = try HallVisits.table.next(from: .waiting, on: .triage)
            Issue.record("a waiting visit was triaged")
        } catch {
            #expect(error.state == "waiting")
            #expect(error.allowed == ["call", "leave"])
        }
        for done in [HallVisitState.triaged, .noShow, .left] { #expect(HallVisits.table.allowed(from: done).isEmpty) }
        #expect(throws: RecordTransitionError.self) { try HallVisits.table.next(from: .waiting, on: .noShow) }
    }

    @Test func queueNumbersHaveTheAreaLetterAndAtLeastThreeDigits() {
        #expect(QueueNumber(prefix: "A", sequence: 1).description == "A001")
        #expect(QueueNumber(prefix: "B", sequence: 42).description == "B042")
        #expect(QueueNumber(prefix: "C", sequence: 1000).description == "C1000")
    }
}
