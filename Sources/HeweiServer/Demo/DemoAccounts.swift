import Fluent
import Foundation
import HeweiCore
import Vapor

/// The demonstration accounts: one for every role at the city centre, and a handler for every
/// department and town centre. All share the documented demo password.
enum DemoAccounts {
    static let password = "hewei-demo"

    struct Account: Sendable {
        let username: String
        let name: String
        let role: Role
        let unitCode: String
    }

    static func accounts(org: OrganisationImport) -> [Account] {
        let city = org.org.centres.first { $0.level == "city" }!.code
        let staff: [(String, String, Role)] = [
            ("clerk", "话务员 王芳", .intakeClerk), ("dispatcher", "派单员 李明", .dispatcher),
            ("supervisor", "督查员 赵刚", .supervisor), ("followup", "回访员 孙丽", .followUpAgent),
            ("leader", "孔主任", .leader), ("mediator", "调解员 颜老师", .mediator),
            ("petition", "信访员 曾华", .petitionStaff), ("gridworker", "网格员 孟强", .gridWorker),
            ("sysadmin", "系统管理员", .systemAdmin), ("secadmin", "安全管理员", .securityAdmin),
            ("auditor", "审计员", .auditor), ("resident", "群众 张三", .resident),
        ]
        var list = staff.map { Account(username: $0.0, name: $0.1, role: $0.2, unitCode: city) }
        for d in org.org.departments {
            list.append(Account(username: "h-\(d.code.lowercased())", name: "\(d.name)承办人", role: .unitHandler, unitCode: d.code))
        }
        for c in org.org.centres where c.level == "town" {
            list.append(Account(username: "h-\(c.code)", name: "\(c.name)承办人", role: .unitHandler, unitCode: c.code))
            list.append(Account(username: "d-\(c.code)", name: "\(c.name)派单员", role: .dispatcher, unitCode: c.code))
        }
        return list
    }

    static func write(_ accounts: [Account], app: Application, now: Date, on db: any Database) async throws {
        // One hash for all: bcrypt is deliberately slow, and every demo account shares the password.
        let hash = try await app.password.async.hash(password)
        for a in accounts {
            guard let unit = app.hewei.org.unit(code: a.unitCode) else {
                throw HeweiError.internalFailure("demo account \(a.username): unknown unit \(a.unitCode)")
            }
            try await UserModel(username: a.username, displayName: a.name, role: a.role.rawValue, unitID: unit.id,
                                passwordHash: hash, createdAt: now).create(on: db)
        }
    }
}
