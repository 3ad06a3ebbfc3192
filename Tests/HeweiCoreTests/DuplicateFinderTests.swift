import Foundation
@testable import HeweiCore
import Testing

@Suite struct DuplicateFinderTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func c(_ id: String, _ text: String, category: String = "0106", hours: Double = 0, lon: Double? = 116.990, lat: Double? = 35.580,
           cell: String? = "M1") -> DuplicateFinder.Candidate {
        .init(id: id, categoryCode: category, createdAt: t0.addingTimeInterval(hours * 3600), longitude: lon, latitude: lat, cell: cell, content: text)
    }

    @Test func chineseTextIsComparedByCharacterBigrams() {
        #expect(DuplicateFinder.bigrams("路灯不亮！") == ["路灯", "灯不", "不亮"])
        #expect(DuplicateFinder.bigrams("灯") == ["灯"])
        // 小区门口路灯不亮 → 小区 区门 门口 口路 路灯 灯不 不亮 (7); 门口的路灯一直不亮 → 门口 口的 的路 路灯 灯一 一直 直不 不亮 (8)
        // shared: 门口 路灯 不亮 (3) → Dice = 2·3 / 15 = 0.4
        let s = DuplicateFinder.dice(DuplicateFinder.bigrams("小区门口路灯不亮"), DuplicateFinder.bigrams("门口的路灯一直不亮"))
        #expect(abs(s - 0.4) < 1e-12)
    }

    @Test func sameCategoryNearbyRecentAndSimilarOnly() {
        let target = c("T", "小区门口路灯不亮")
        let others = [
            c("same", "小区门口路灯不亮", hours: 1),                       // identical text → 1.0
            c("similar", "门口的路灯一直不亮", hours: -20),                // 0.4
            c("otherCategory", "小区门口路灯不亮", category: "0501"),
            c("tooLate", "小区门口路灯不亮", hours: 73),
            c("farAway", "小区门口路灯不亮", lon: 117.10),                 // ~10 km east
            c("unrelated", "噪声扰民严重", hours: 2),
            c("noCoordsSameCell", "门口的路灯一直不亮", lon: nil, lat: nil), // matched by the cell
            c("noCoordsOtherCell", "门口的路灯一直不亮", lon: nil, lat: nil, cell: "M2"),
        ]
        let found = DuplicateFinder.matches(for: target, among: others + [target])
        #expect(found.map(\.id) == ["same", "noCoordsSameCell", "similar"])
        #expect(found[0].similarity == 1 && found[0].distance == 0)
        #expect(found[1].distance == nil)
        // a stricter threshold keeps only the identical one
        #expect(DuplicateFinder.matches(for: target, among: others, rules: .init(minimumSimilarity: 0.5)).map(\.id) == ["same"])
    }

    @Test func distanceIsHaversine() {
        // 0.01° of latitude ≈ 1,111.95 m
        #expect(abs(DuplicateFinder.metres(lon1: 117, lat1: 35, lon2: 117, lat2: 35.01) - 1111.95) < 0.5)
    }
}
