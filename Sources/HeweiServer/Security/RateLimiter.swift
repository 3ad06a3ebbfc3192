import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A token bucket per client address: `capacity` requests at once, refilled at `perSecond`.
/// In memory and per server process (behind several servers, limit at the proxy as well).
final class RateLimiter: @unchecked Sendable {
    private struct Bucket {
        var tokens: Double
        var at: Date
    }

    private let lock = NIOLock()
    private var buckets: [String: Bucket] = [:]
    let capacity: Double
    let perSecond: Double

    init(capacity: Int, perSecond: Double) {
        self.capacity = Double(capacity)
        self.perSecond = perSecond
    }

    /// Takes one token for `key`; false when the bucket is empty.
    func take(_ key: String, now: Date) -> Bool {
        lock.withLock {
            if buckets.count > 100_000 { buckets.removeAll(keepingCapacity: true) }
            var b = buckets[key] ?? Bucket(tokens: capacity, at: now)
            b.tokens = min(capacity, b.tokens + max(0, now.timeIntervalSince(b.at)) * perSecond)
            b.at = now
            guard b.tokens >= 1 else {
                buckets[key] = b
                return false
            }
            b.tokens -= 1
            buckets[key] = b
            return true
        }
    }
}

/// 429 with a JSON error once a client address has used up its bucket. With `anonymousOnly`,
/// only requests without credentials count (the public face of the API: residents, crawlers).
struct RateLimitMiddleware: AsyncMiddleware {
    var anonymousOnly = false
    let limiter: @Sendable (Request) -> RateLimiter

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if anonymousOnly && (request.headers.bearerAuthorization != nil || request.cookies[Tokens.sessionCookie] != nil) {
            return try await next.respond(to: request)
        }
        let key = request.remoteAddress?.ipAddress ?? "unknown"
        guard limiter(request).take(key, now: request.hewei.clock.now()) else {
            throw HeweiError.tooManyRequests
        }
        return try await next.respond(to: request)
    }
}
