import Foundation
import HeweiCore
import Yams

/// The petitions section of the configuration: the statutory limits as data. The defaults below
/// are the 信访工作条例's; a deployment overrides them with a `petitions.yaml` file in its
/// configuration directory (`HEWEI_PETITIONS_FILE`), same keys.
enum PetitionSettings {
    static let defaultYAML = """
    # 信访工作条例 (2022): statutory days (start day not counted; a last day on a holiday moves on)
    forward: 15 statutory days            # 登记后转送/交办
    acceptance: 15 statutory days         # 是否受理的书面决定
    handling: 60 statutory days           # 受理后办理
    extensionMaximum: 30 statutory days   # 延期（一次，说明理由）
    reviewApplication: 30 statutory days  # 答复后申请复查
    reviewDecision: 30 statutory days     # 复查决定
    reReviewApplication: 30 statutory days # 复查后申请复核
    reReviewDecision: 30 statutory days   # 复核决定
    """

    static func parse(_ text: String) throws -> PetitionLimits {
        try YAMLDecoder().decode(PetitionLimits.self, from: text)
    }

    /// The limits in force (read once).
    static let current: PetitionLimits = {
        if let path = ProcessInfo.processInfo.environment["HEWEI_PETITIONS_FILE"],
           let text = try? String(contentsOfFile: path, encoding: .utf8), let limits = try? parse(text) {
            return limits
        }
        // The built-in text is checked by a test; it always parses.
        return try! parse(defaultYAML)
    }()
}
