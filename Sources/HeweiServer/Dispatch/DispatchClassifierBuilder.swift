import Foundation
import HeweiCore

/// Builds `TextClassifier`s for dispatch suggestions from many texts.
///
/// The tables are counted here in place and handed to the classifier through its Codable form:
/// `TextClassifier.learn` copies a label's whole n-gram table on every text (copy-on-write of a
/// dictionary read out of a dictionary), which is quadratic for tens of thousands of orders.
/// N-grams seen fewer than `minimumCount` times in all texts are dropped: it keeps the stored model
/// moderate and drops one-off strings (names, house numbers) that identify a person.
struct DispatchClassifierBuilder {
    var ngrams: ClosedRange<Int> = 1...3
    var alpha = 0.5
    var minimumCount = 3

    /// The classifier's stored form (the synthesized Codable keys of `TextClassifier`).
    private struct Tables: Codable {
        var ngrams: ClosedRange<Int>
        var alpha: Double
        var documents: [String: Int]
        var counts: [String: [String: Int]]
        var totals: [String: Int]
        var vocabulary: [String]
    }

    func build(_ samples: [(text: String, label: String)]) throws -> TextClassifier {
        let featurizer = TextClassifier(ngrams: ngrams, alpha: alpha)
        var documents: [String: Int] = [:]
        var counts: [String: [String: Int]] = [:]
        var overall: [String: Int] = [:]
        for s in samples {
            documents[s.label, default: 0] += 1
            for gram in featurizer.features(of: s.text) {
                counts[s.label, default: [:]][gram, default: 0] += 1
                overall[gram, default: 0] += 1
            }
        }
        let kept = overall.filter { $0.value >= minimumCount }
        var totals: [String: Int] = [:]
        for (label, table) in counts {
            let pruned = table.filter { kept[$0.key] != nil }
            counts[label] = pruned
            totals[label] = pruned.values.reduce(0, +)
        }
        let tables = Tables(ngrams: ngrams, alpha: alpha, documents: documents, counts: counts, totals: totals,
                            vocabulary: kept.keys.sorted())
        return try Self.decode(Self.encode(tables))
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func decode(_ json: String) throws -> TextClassifier {
        try JSONDecoder().decode(TextClassifier.self, from: Data(json.utf8))
    }
}

/// The text the model sees: the request as written, with every run of five or more digits (phone,
/// ID and bank numbers, house numbers) removed, so that no personal number reaches the model.
enum DispatchText {
    private static let numbers = try! NSRegularExpression(pattern: "[0-9０-９]{5,}[XxＸ]?")

    static func clean(_ text: String) -> String {
        let ns = text as NSString
        return numbers.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: ns.length), withTemplate: " ")
    }
}
