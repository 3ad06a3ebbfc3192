import Foundation
import HeweiCore
import Vapor

/// One suggested category or unit.
struct DispatchSuggestionDTO: Content, Equatable {
    var code: String
    var name: String
    var probability: Double
}

/// `POST /api/v1/orders/suggestions`. Before the first training: empty lists, `model` and
/// `threshold` null (written out, not left away), `confident` false.
struct DispatchSuggestionsDTO: Content {
    struct ModelRef: Content, Equatable {
        var id: UUID
        var generation: Int
        var trainedAt: Date
    }

    var model: ModelRef?
    var threshold: Double?
    /// The best category's probability reaches the threshold: the form may pre-select it.
    var confident: Bool
    /// The same for the best unit.
    var unitConfident: Bool
    var categories: [DispatchSuggestionDTO]
    var units: [DispatchSuggestionDTO]

    enum CodingKeys: String, CodingKey { case model, threshold, confident, unitConfident, categories, units }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let model { try c.encode(model, forKey: .model) } else { try c.encodeNil(forKey: .model) }
        if let threshold { try c.encode(threshold, forKey: .threshold) } else { try c.encodeNil(forKey: .threshold) }
        try c.encode(confident, forKey: .confident)
        try c.encode(unitConfident, forKey: .unitConfident)
        try c.encode(categories, forKey: .categories)
        try c.encode(units, forKey: .units)
    }

    static let none = DispatchSuggestionsDTO(model: nil, threshold: nil, confident: false, unitConfident: false, categories: [], units: [])

    init(model: ModelRef?, threshold: Double?, confident: Bool, unitConfident: Bool, categories: [DispatchSuggestionDTO], units: [DispatchSuggestionDTO]) {
        (self.model, self.threshold, self.confident, self.unitConfident) = (model, threshold, confident, unitConfident)
        (self.categories, self.units) = (categories, units)
    }

    /// The model's top three of each, named in `lang`'s words.
    init(_ m: DispatchModelStore.Active, text: String, categories: CategoryDirectory, org: OrgDirectory, english: Bool = false) {
        let clean = DispatchText.clean(text)
        let cats = m.category.suggest(clean, top: 3).map { s in
            DispatchSuggestionDTO(code: s.label, name: categories.category(s.label).map { english ? $0.nameEn : $0.name } ?? s.label,
                                  probability: s.probability)
        }
        let units = m.unit.labels.isEmpty ? [] : m.unit.suggest(clean, top: 3).map { s in
            DispatchSuggestionDTO(code: s.label, name: org.unit(code: s.label).map { english ? $0.nameEn : $0.name } ?? s.label,
                                  probability: s.probability)
        }
        self.init(model: ModelRef(id: m.id, generation: m.generation, trainedAt: m.trainedAt), threshold: m.threshold,
                  confident: (cats.first?.probability ?? 0) >= m.threshold, unitConfident: (units.first?.probability ?? 0) >= m.threshold,
                  categories: cats, units: units)
    }
}

/// One training's figures (no classifier).
struct DispatchModelSummaryDTO: Content {
    var id: UUID
    var generation: Int
    var trainedAt: Date
    var trainedBy: String
    var samples: Int
    var unitSamples: Int
    var tested: Int
    var unitTested: Int
    var categoryAccuracy: Double
    var categoryTop3: Double
    var unitAccuracy: Double
    var unitTop3: Double
    var threshold: Double

    init(_ r: DispatchModelRecord) {
        id = r.id!
        generation = r.generation
        trainedAt = r.trainedAt
        trainedBy = r.trainedBy
        (samples, unitSamples, tested, unitTested) = (r.samples, r.unitSamples, r.tested, r.unitTested)
        (categoryAccuracy, categoryTop3, unitAccuracy, unitTop3) = (r.categoryAccuracy, r.categoryTop3, r.unitAccuracy, r.unitTop3)
        threshold = r.threshold
    }
}

/// One category's held-out accuracy, named.
struct DispatchCategoryAccuracyDTO: Content {
    var code: String
    var name: String
    var tested: Int
    var correct: Int
    var inTop3: Int
    var accuracy: Double
}

/// `GET /api/v1/dispatch/model`: the active model (null before the first training), its
/// per-category figures and the previous trainings, newest first.
struct DispatchModelViewDTO: Content {
    var model: DispatchModelSummaryDTO?
    var perCategory: [DispatchCategoryAccuracyDTO]
    var history: [DispatchModelSummaryDTO]

    enum CodingKeys: String, CodingKey { case model, perCategory, history }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let model { try c.encode(model, forKey: .model) } else { try c.encodeNil(forKey: .model) }
        try c.encode(perCategory, forKey: .perCategory)
        try c.encode(history, forKey: .history)
    }

    init(rows: [DispatchModelRecord], categories: CategoryDirectory, english: Bool = false) throws {
        model = rows.first.map(DispatchModelSummaryDTO.init)
        history = rows.dropFirst().map(DispatchModelSummaryDTO.init)
        let figures = try rows.first.map { try JSONDecoder().decode([DispatchCategoryAccuracy].self, from: Data($0.perCategory.utf8)) } ?? []
        perCategory = figures.map { f in
            DispatchCategoryAccuracyDTO(code: f.code, name: categories.category(f.code).map { english ? $0.nameEn : $0.name } ?? f.code,
                                        tested: f.tested, correct: f.correct, inTop3: f.inTop3,
                                        accuracy: f.tested == 0 ? 0 : Double(f.correct) / Double(f.tested))
        }
    }
}
