import Testing
@testable import HeweiCore

@Suite struct OrderRoutingTests {
    let cells = ["370881001001001001", "370881001001001", "370881001001", "370881001"]
    let rules = [
        RoutingRule(id: "r1", categoryCode: "0101", areaCode: "370881001001", unitCode: "370881001000"),
        RoutingRule(id: "r2", categoryCode: "01", areaCode: "370881001", unitCode: "ZHZF-LC"),
        RoutingRule(id: "r3", categoryCode: "0101", areaCode: nil, unitCode: "ZHZF"),
    ]

    @Test func firstMatchingRuleWins() {
        let d = OrderRouting.choose(category: "0101", parentCategory: "01", defaultUnit: "X", cells: cells, rules: rules)
        #expect(d?.unitCode == "370881001000")
        #expect(d?.ruleID == "r1")
        // order matters: with r2 first, the major-category rule wins
        let d2 = OrderRouting.choose(category: "0101", parentCategory: "01", defaultUnit: "X", cells: cells,
                                     rules: [rules[1], rules[0], rules[2]])
        #expect(d2?.ruleID == "r2")
    }

    @Test func areaMustContainTheOrder() {
        let elsewhere = ["370881104002003004", "370881104002003", "370881104002", "370881104"]
        let d = OrderRouting.choose(category: "0101", parentCategory: "01", defaultUnit: "X", cells: elsewhere, rules: rules)
        #expect(d?.ruleID == "r3")
        #expect(OrderRouting.choose(category: "0102", parentCategory: "01", defaultUnit: "X", cells: elsewhere, rules: rules)?.unitCode == "X")
    }

    @Test func noRuleAndNoDefaultIsNoDecision() {
        #expect(OrderRouting.choose(category: "0901", parentCategory: "09", defaultUnit: nil, cells: [], rules: rules) == nil)
    }

    @Test func departmentsMattersAreNotPushedDownToVillages() {
        #expect(OrderRouting.pushesDown(defaultUnitKind: "department", targetKind: "centre", targetLevel: "village"))
        #expect(!OrderRouting.pushesDown(defaultUnitKind: "department", targetKind: "centre", targetLevel: "town"))
        #expect(!OrderRouting.pushesDown(defaultUnitKind: "centre", targetKind: "centre", targetLevel: "village"))
    }
}
