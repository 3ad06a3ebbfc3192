import Foundation
import Testing
@testable import HeweiCore

@Suite struct SpikeDetectorTests {
    @Test func poissonTailMatchesHandComputedValues() {
        // P(X ≥ 1 | λ=1) = 1 − e^-1; P(X ≥ 3 | λ=1) = 1 − e^-1 (1 + 1 + 1/2).
        #expect(abs(SpikeDetector.upperTail(1, mean: 1) - (1 - exp(-1))) < 1e-12)
        #expect(abs(SpikeDetector.upperTail(3, mean: 1) - (1 - exp(-1) * 2.5)) < 1e-12)
        #expect(SpikeDetector.upperTail(0, mean: 4) == 1)
        // Far in the tail the direct sum stays accurate: P(X ≥ 30 | λ=2) ≈ 5.855e-25.
        let tail = SpikeDetector.upperTail(30, mean: 2)
        #expect(abs(tail / 5.855318609378577e-25 - 1) < 1e-6)
    }

    @Test func aPlantedSpikeIsFoundAndANormalWeekIsNot() {
        let detector = SpikeDetector(falseAlarmRate: 0.001, minimumCount: 5)
        let baseline = [3, 4, 2, 5, 3, 4, 3, 2]  // eight earlier weeks, mean 3.25
        let normal = detector.test(observed: 5, baseline: baseline)
        #expect(!normal.isSpike)
        let spike = detector.test(observed: 16, baseline: baseline)
        #expect(spike.isSpike && spike.pValue < 0.001)
        #expect(spike.explanation.contains("16") && spike.explanation.contains("3.2"))
    }

    @Test func smallCountsAreNotSpikesEvenWithNoHistory() {
        let detector = SpikeDetector(falseAlarmRate: 0.01, minimumCount: 5)
        #expect(!detector.test(observed: 4, baseline: []).isSpike)
        #expect(detector.test(observed: 6, baseline: [0, 0, 0]).isSpike)
    }
}

@Suite struct RiskWordsTests {
    let words = RiskWords(terms: [.init("跳楼", kind: "selfHarm"), .init("讨薪", kind: "wageArrears"),
                                  .init("集体 上访", kind: "gathering"), .init("", kind: "empty")])

    @Test func findsTermsIgnoringSpacesOnce() {
        let found = words.matches(in: "工地拖欠工资，工人说要集体上访，还有人说要跳楼，跳楼！")
        #expect(found.map(\.kind) == ["selfHarm", "gathering"])
        #expect(words.matches(in: "咨询社保补贴办理流程").isEmpty)
    }
}

@Suite struct TextClassifierTests {
    static let samples: [(text: String, label: String)] = {
        let noise = ["夜间施工噪声扰民", "工地晚上施工太吵", "凌晨还在打桩噪音很大", "装修噪声影响休息"]
        let water = ["小区停水三天了", "自来水管爆裂停水", "水压太低用不上水", "供水中断没有通知"]
        let road = ["路面塌陷有坑", "道路坑洼不平", "人行道砖块松动", "马路上井盖缺失"]
        var all: [(String, String)] = []
        for round in 0..<5 {
            for t in noise { all.append(("\(t)\(round)号楼", "noise")) }
            for t in water { all.append(("\(t)\(round)单元", "water")) }
            for t in road { all.append(("\(t)第\(round)段", "road")) }
        }
        return all
    }()

    @Test func suggestsTheRightCategoryWithAProbability() {
        let model = TextClassifier.train(Self.samples)
        let guess = model.suggest("楼下工地半夜施工噪声太大", top: 3)
        #expect(guess.first?.label == "noise")
        #expect(guess.first!.probability > 0.8)
        #expect(abs(guess.map(\.probability).reduce(0, +) - 1) < 1e-9)
        #expect(model.suggest("家里停水了", top: 1).first?.label == "water")
    }

    @Test func heldOutAccuracyIsMeasuredOnUnseenTexts() {
        let (_, accuracy) = TextClassifier.heldOut(Self.samples, every: 5)
        #expect(accuracy.tested == 12 && accuracy.trained == 48)
        #expect(accuracy.accuracy >= 0.9)
        #expect(accuracy.top3Accuracy == 1)
    }

    @Test func anEmptyModelSuggestsNothing() {
        #expect(TextClassifier().suggest("任何内容").isEmpty)
    }
}
