/// A routing rule: orders of a category (a minor code, or a major code for all its minors) in an
/// area (a grid cell of any level, or anywhere) go to a unit. Rules are tried in order; the first
/// match wins; without a match the category's default unit receives the order.
public struct RoutingRule: Hashable, Sendable, Codable {
    public var id: String
    public var categoryCode: String
    public var areaCode: String?
    public var unitCode: String
    /// When set (two or more unit codes), matching orders go to a claim pool (抢单) of these units;
    /// `unitCode` receives the order if nobody claims it in time.
    public var poolUnits: [String]?

    public init(id: String, categoryCode: String, areaCode: String?, unitCode: String, poolUnits: [String]? = nil) {
        self.id = id
        self.categoryCode = categoryCode
        self.areaCode = areaCode
        self.unitCode = unitCode
        self.poolUnits = poolUnits
    }

    func matches(category: String, parentCategory: String?, cells: [String]) -> Bool {
        guard categoryCode == category || categoryCode == parentCategory else { return false }
        guard let area = areaCode else { return true }
        return cells.contains(area)
    }
}

public enum OrderRouting {
    public struct Decision: Hashable, Sendable {
        public var unitCode: String
        /// The rule that matched, or nil when the category's default unit was used.
        public var ruleID: String?
        public var reason: String
        /// The claim pool the rule sends the order to, if any (see `RoutingRule.poolUnits`).
        public var poolUnits: [String]? = nil
    }

    /// Chooses the receiving unit for an order of `category` located in `cells` (micro → large).
    public static func choose(category: String, parentCategory: String?, defaultUnit: String?, cells: [String],
                              rules: [RoutingRule]) -> Decision? {
        if let rule = rules.first(where: { $0.matches(category: category, parentCategory: parentCategory, cells: cells) }) {
            let area = rule.areaCode.map { " in \($0)" } ?? ""
            let pool = rule.poolUnits.map { " (claim pool: \($0.joined(separator: ", ")))" } ?? ""
            return Decision(unitCode: rule.unitCode, ruleID: rule.id, reason: "rule \(rule.id): \(rule.categoryCode)\(area) → \(rule.unitCode)\(pool)",
                            poolUnits: rule.poolUnits)
        }
        guard let unit = defaultUnit else { return nil }
        return Decision(unitCode: unit, ruleID: nil, reason: "default unit of category \(category) → \(unit)")
    }

    /// 属地管理、责任主体唯一: a matter that belongs to a department must not be pushed down to a village.
    public static func pushesDown(defaultUnitKind: String?, targetKind: String, targetLevel: String) -> Bool {
        defaultUnitKind == "department" && targetKind == "centre" && targetLevel == "village"
    }
}
