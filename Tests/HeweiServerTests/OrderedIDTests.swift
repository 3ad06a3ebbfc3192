import Foundation
@testable import HeweiServer
import Testing

@Suite struct OrderedIDTests {
    @Test func idsAreVersion7AndSortByTime() {
        let early = OrderedID.make(at: Date(timeIntervalSince1970: 1_795_654_800))
        let late = OrderedID.make(at: Date(timeIntervalSince1970: 1_795_654_800.002))
        #expect(early.uuidString.dropFirst(14).first == "7")
        #expect(["8", "9", "A", "B"].contains(early.uuidString.dropFirst(19).first.map(String.init) ?? ""))
        #expect(early.uuidString < late.uuidString)
        // unique within the same millisecond
        let same = (0..<1000).map { _ in OrderedID.make(at: Date(timeIntervalSince1970: 1_795_654_800)) }
        #expect(Set(same).count == 1000)
    }
}
