/// The four levels of the grid (大/中/小/微网格). Qufu: 12 / 94 / 962 / 4,399 cells.
public enum GridLevel: String, Sendable, Codable, CaseIterable, Comparable {
    /// A town or street (镇街).
    case large
    /// A community or rural management district (社区 / 管区).
    case medium
    /// A residential compound or village (小区 / 村居).
    case small
    /// A micro cell: a few buildings or households (微网格).
    case micro

    public var depth: Int {
        switch self {
        case .large: return 0
        case .medium: return 1
        case .small: return 2
        case .micro: return 3
        }
    }

    /// The level directly above (nil for large cells, whose parent is the county).
    public var parent: GridLevel? {
        switch self {
        case .large: return nil
        case .medium: return .large
        case .small: return .medium
        case .micro: return .small
        }
    }

    public var child: GridLevel? { GridLevel.allCases.first { $0.parent == self } }

    public var nameZh: String {
        switch self {
        case .large: return "大网格"
        case .medium: return "中网格"
        case .small: return "小网格"
        case .micro: return "微网格"
        }
    }

    public static func < (a: GridLevel, b: GridLevel) -> Bool { a.depth < b.depth }
}
