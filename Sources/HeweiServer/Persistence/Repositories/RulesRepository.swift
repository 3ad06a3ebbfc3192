import Fluent
import Foundation
import HeweiCore

/// Reads and writes the local rules kept in the database (calendar days, policy settings).
enum RulesRepository {
    static let policyKey = "policy"

    /// Loads the rules; on a new deployment first seeds them from the deployment files.
    static func loadOrSeed(files: DeploymentFiles, now: Date, on db: any Database) async throws -> Rules {
        if try await SettingModel.query(on: db).filter(\.$key == policyKey).first() == nil {
            try await db.transaction { db in
                try await SettingModel(key: policyKey, value: encode(files.policy), updatedAt: now).create(on: db)
                for day in files.calendarDays {
                    let (kind, name) = describe(day.kind)
                    try await CalendarDayModel(date: day.date.description, kind: kind, name: name).create(on: db)
                }
            }
        }
        return try await load(on: db)
    }

    static func load(on db: any Database) async throws -> Rules {
        guard let setting = try await SettingModel.query(on: db).filter(\.$key == policyKey).first() else {
            throw HeweiError.internalFailure("the deployment has no policy")
        }
        let policy = try JSONDecoder().decode(DeploymentFiles.Policy.self, from: Data(setting.value.utf8))
        let days = try await CalendarDayModel.query(on: db).all().map { row -> WorkCalendar.SpecialDay in
            try DeploymentFiles.parse(.init(date: row.date, kind: row.kind, name: row.name), in: "calendar_days")
        }
        return Rules(county: policy.county, countyName: policy.countyName, calendar: WorkCalendar(special: days),
                     policy: policy.timeLimits)
    }

    static func describe(_ kind: WorkCalendar.DayKind) -> (String, String) {
        switch kind {
        case let .off(name): return ("off", name)
        case let .work(name): return ("work", name)
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
