import Foundation

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, well-mixed PRNG. Written out here so that
/// the demo history is the same for the same seed on every platform and Swift version
/// (`SystemRandomNumberGenerator` is not seedable, and the standard library's algorithms for
/// `Int.random(in:using:)` may change).
struct DemoRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// An independent stream for a sub-task (a day, an order), so that generating one part does not
    /// shift the numbers of another.
    init(seed: UInt64, stream: UInt64, _ index: UInt64 = 0) {
        var mix = DemoRandom(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        state = mix.next() ^ (stream &* 0x9E37_79B9_7F4A_7C15) ^ (index &* 0xC2B2_AE3D_27D4_EB4F)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [lo, hi).
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    /// Uniform integer in the closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % span)
    }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    /// Standard normal (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = max(unit(), 1e-12), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// A UUID in the version-7 layout: the first 48 bits are `millis` (so rows written in time order are
    /// appended to their indexes instead of scattered), then `counter`, then random bits.
    mutating func uuid(millis: Int64, counter: Int) -> UUID {
        let r = next()
        let m = UInt64(max(0, millis))
        let c = UInt64(counter & 0xFFF)
        return UUID(uuid: (
            UInt8(truncatingIfNeeded: m >> 40), UInt8(truncatingIfNeeded: m >> 32), UInt8(truncatingIfNeeded: m >> 24),
            UInt8(truncatingIfNeeded: m >> 16), UInt8(truncatingIfNeeded: m >> 8), UInt8(truncatingIfNeeded: m),
            0x70 | UInt8(truncatingIfNeeded: c >> 8), UInt8(truncatingIfNeeded: c),
            0x80 | UInt8(truncatingIfNeeded: r >> 58), UInt8(truncatingIfNeeded: r >> 48), UInt8(truncatingIfNeeded: r >> 40),
            UInt8(truncatingIfNeeded: r >> 32), UInt8(truncatingIfNeeded: r >> 24), UInt8(truncatingIfNeeded: r >> 16),
            UInt8(truncatingIfNeeded: r >> 8), UInt8(truncatingIfNeeded: r)))
    }
}

/// A weighted choice, prepared once and drawn many times.
struct DemoWeighted<T>: @unchecked Sendable {
    let items: [T]
    private let cumulative: [Double]

    init(_ pairs: [(T, Double)]) {
        items = pairs.map(\.0)
        var total = 0.0
        cumulative = pairs.map { total += max(0, $0.1); return total }
    }

    func draw(_ rng: inout DemoRandom) -> T {
        let x = rng.unit() * (cumulative.last ?? 0)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return items[lo]
    }
}
