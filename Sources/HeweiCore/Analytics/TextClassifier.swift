import Foundation

/// A multinomial naive Bayes classifier over character n-grams (issue 7's smart dispatch
/// suggestion): trained on the deployment's own closed orders (content → category, or → unit), it
/// suggests labels for a new request with a probability each. Character n-grams need no word
/// segmentation, which suits Chinese text.
public struct TextClassifier: Sendable, Codable, Hashable {
    public var ngrams: ClosedRange<Int>
    /// Additive (Laplace/Lidstone) smoothing.
    public var alpha: Double
    /// Per label: how many training texts had it.
    public private(set) var documents: [String: Int] = [:]
    /// Per label: n-gram → count.
    public private(set) var counts: [String: [String: Int]] = [:]
    /// Per label: all n-gram occurrences.
    public private(set) var totals: [String: Int] = [:]
    public private(set) var vocabulary: Set<String> = []

    public init(ngrams: ClosedRange<Int> = 1...3, alpha: Double = 0.5) {
        self.ngrams = ngrams
        self.alpha = alpha
    }

    public struct Suggestion: Sendable, Hashable {
        public let label: String
        public let probability: Double
    }

    public mutating func learn(_ text: String, label: String) {
        documents[label, default: 0] += 1
        var added = 0
        // In place: copying the label's table out and back made training quadratic.
        for gram in features(of: text) {
            counts[label, default: [:]][gram, default: 0] += 1
            vocabulary.insert(gram)
            added += 1
        }
        totals[label, default: 0] += added
    }

    public static func train(_ samples: [(text: String, label: String)], ngrams: ClosedRange<Int> = 1...3, alpha: Double = 0.5) -> TextClassifier {
        var model = TextClassifier(ngrams: ngrams, alpha: alpha)
        for s in samples { model.learn(s.text, label: s.label) }
        return model
    }

    public var labels: [String] { documents.keys.sorted() }

    /// The best `top` labels with their posterior probabilities (summing to 1 over all labels).
    public func suggest(_ text: String, top: Int = 3) -> [Suggestion] {
        let grams = features(of: text)
        let allDocs = Double(documents.values.reduce(0, +))
        guard allDocs > 0 else { return [] }
        let v = Double(max(1, vocabulary.count))
        var scores: [(String, Double)] = []
        for label in labels {
            let mine = counts[label] ?? [:]
            let denominator = log(Double(totals[label] ?? 0) + alpha * v)
            var score = log(Double(documents[label]!) / allDocs)
            for gram in grams where vocabulary.contains(gram) {
                score += log(Double(mine[gram] ?? 0) + alpha) - denominator
            }
            scores.append((label, score))
        }
        let best: Double = scores.map { $0.1 }.max() ?? 0
        let weights: [(String, Double)] = scores.map { ($0.0, exp($0.1 - best)) }
        var sum = 0.0
        for w in weights { sum += w.1 }
        var suggestions: [Suggestion] = weights.map { Suggestion(label: $0.0, probability: $0.1 / sum) }
        suggestions.sort { a, b in a.probability != b.probability ? a.probability > b.probability : a.label < b.label }
        return Array(suggestions.prefix(max(1, top)))
    }

    /// The character n-grams of a text, without whitespace and punctuation.
    public func features(of text: String) -> [String] {
        let skipped = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters).union(.symbols)
        let scalars = text.lowercased().unicodeScalars.filter { !skipped.contains($0) }
        let chars: [Character] = scalars.map { Character($0) }
        var grams: [String] = []
        for n in ngrams where n > 0 && chars.count >= n {
            for i in 0...(chars.count - n) { grams.append(String(chars[i..<(i + n)])) }
        }
        return grams
    }

    public struct Accuracy: Sendable, Hashable, Codable {
        public let trained: Int
        public let tested: Int
        public let correct: Int
        public let correctInTop3: Int
        public var accuracy: Double { tested == 0 ? 0 : Double(correct) / Double(tested) }
        public var top3Accuracy: Double { tested == 0 ? 0 : Double(correctInTop3) / Double(tested) }
    }

    /// Trains on all samples but every `k`-th and tests on those (a deterministic held-out split).
    public static func heldOut(_ samples: [(text: String, label: String)], every k: Int = 5,
                               ngrams: ClosedRange<Int> = 1...3, alpha: Double = 0.5) -> (TextClassifier, Accuracy) {
        let k = max(2, k)
        let train = samples.enumerated().filter { $0.offset % k != 0 }.map(\.element)
        let test = samples.enumerated().filter { $0.offset % k == 0 }.map(\.element)
        let model = Self.train(train, ngrams: ngrams, alpha: alpha)
        var correct = 0, top3 = 0
        for s in test {
            let guesses = model.suggest(s.text, top: 3)
            if guesses.first?.label == s.label { correct += 1 }
            if guesses.contains(where: { $0.label == s.label }) { top3 += 1 }
        }
        return (model, Accuracy(trained: train.count, tested: test.count, correct: correct, correctInTop3: top3))
    }
}
