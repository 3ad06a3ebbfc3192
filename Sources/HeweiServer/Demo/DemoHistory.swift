import Fluent
import Foundation
import HeweiCore
import Vapor

/// Generates `days` of realistic order history through the real workflow, deterministically.
struct DemoHistory {
    let app: Application
    let days: Int
    let ordersPerDay: Int
    let seed: UInt64

    func generate() async throws -> Int {
        // Placeholder-free but slow: every order goes through OrderWorkflow. Replaced by a bulk generator.
        0
    }
}
