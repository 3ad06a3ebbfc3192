import Foundation
import HeweiCore
import Testing

@Suite struct PetitionCoreTests {
    let table = PetitionTransitions.table

    @Test func theMainPathRunsFromRegistrationToClosure() throws {
        var s = PetitionState.registered
        for a in [PetitionAction.forward, .accept, .startHandling, .extend, .reply, .close] { s = try table.next(from: s, on: a) }
        #expect(s == .closed)
    }

    @Test func illegalActionsNameTheAllowedOnes() {
        #expect(throws: RecordTransitionError.self) { try table.next(from: .registered, on: .accept) }
        do { _ = try table.next(from: .registered, on: .reply) } catch {
            #expect(error.allowed == ["forward", "notAccept"])
            #expect(error.state == "registered")
        }
        #expect(table.allowed(from: .closed).isEmpty)
        #expect(table.allowed(from: .notAccepted).isEmpty)
        #expect(table.allowed(from: .transferredToMediation).isEmpty)
    }

    @Test func extensionOnlyOnceAndOnlyWhileHandling() {
        #expect(!table.allowed(from: .extended).contains(.extend))
        #expect(!table.allowed(from: .accepted).contains(.extend))
        #expect(table.allowed(from: .handling).contains(.extend))
    }

    @Test func transferToMediationOnlyBeforeTheReply() {
        for s in [PetitionState.accepted, .handling, .extended] { #expect(table.allowed(from: s).contains(.transferToMediation)) }
        for s in [PetitionState.registered, .forwarded, .replied, .closed] { #expect(!table.allowed(from: s).contains(.transferToMediation)) }
    }

    @Test func similarityIgnoresPunctuationWidthAndSpacing() {
        let a = "小区楼顶漏水，物业不予维修，要求赔偿损失。"
        let b = "小区 楼顶漏水!物业不予维修 要求赔偿损失"
        #expect(MatterSimilarity.similarity(a, b) == 1)
        #expect(MatterSimilarity.normalise("ＡＢＣ１２３，。") == "abc123")
        #expect(MatterSimilarity.isSameMatter(a, "我家小区楼顶漏水，物业不给维修，要求赔偿我的损失"))
        #expect(!MatterSimilarity.isSameMatter(a, "反映村里道路坑洼不平，雨天无法通行"))
        #expect(MatterSimilarity.similarity("", a) == 0)
    }

    @Test func limitsPerStage() {
        let l = PetitionLimits(forward: .statutoryDays(15), acceptance: .statutoryDays(15), handling: .statutoryDays(60),
                               extensionMaximum: .statutoryDays(30), reviewApplication: .statutoryDays(30),
                               reviewDecision: .statutoryDays(30), reReviewApplication: .statutoryDays(30),
                               reReviewDecision: .statutoryDays(30))
        #expect(l.handlingLimit(for: .original) == .statutoryDays(60))
        #expect(l.handlingLimit(for: .review) == .statutoryDays(30))
        #expect(l.applicationWindow(after: .reReview) == nil)
        #expect(l.applicationWindow(after: .original) == .statutoryDays(30))
    }
}
