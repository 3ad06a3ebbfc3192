import Foundation

/// Extreme-risk words in request text (self-harm, violence, group gatherings, wage arrears…): a
/// configurable list of terms, each with its risk kind. A match raises an immediate warning to the
/// city centre inside the intake transaction (issue 7).
public struct RiskWords: Sendable, Hashable, Codable {
    public struct Term: Sendable, Hashable, Codable {
        public var text: String
        /// e.g. `selfHarm`, `violence`, `gathering`, `wageArrears`.
        public var kind: String

        public init(_ text: String, kind: String) {
            self.text = text
            self.kind = kind
        }
    }

    public var terms: [Term]

    public init(terms: [Term]) {
        self.terms = terms.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// The terms found in `text`, in list order, each once. Matching ignores spaces and case.
    public func matches(in text: String) -> [Term] {
        let haystack = Self.normalise(text)
        var seen: Set<String> = []
        return terms.filter { term in
            let needle = Self.normalise(term.text)
            return !needle.isEmpty && haystack.contains(needle) && seen.insert(needle).inserted
        }
    }

    static func normalise(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
    }
}
