import Fluent
import Foundation

/// A day that differs from the plain Monday–Friday rule.
final class CalendarDayModel: Model, @unchecked Sendable {
    static let schema = "calendar_days"

    @ID(key: .id) var id: UUID?
    @Field(key: "date") var date: String
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String

    init() {}

    init(date: String, kind: String, name: String) {
        self.date = date
        self.kind = kind
        self.name = name
    }
}

/// A named JSON setting of the deployment (the time-limit policy, the county code).
final class SettingModel: Model, @unchecked Sendable {
    static let schema = "settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "value") var value: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(key: String, value: String, updatedAt: Date) {
        self.key = key
        self.value = value
        self.updatedAt = updatedAt
    }
}

/// Who changed which local rule, from what to what, and how many open deadlines moved.
final class ConfigChangeModel: Model, @unchecked Sendable {
    static let schema = "config_changes"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "subject") var subject: String
    @Field(key: "before") var before: String
    @Field(key: "after") var after: String
    @Field(key: "note") var note: String
    @Field(key: "deadlines_moved") var deadlinesMoved: Int

    init() {}

    /// The record of one change of local rules, in the change's own transaction.
    static func record(_ subject: String, before: String, after: String, note: String, deadlinesMoved: Int = 0,
                       by actor: Principal, at now: Date, on db: any Database) async throws {
        let change = ConfigChangeModel()
        change.at = now
        change.actorID = actor.id
        change.actorName = actor.name
        change.subject = subject
        change.before = before
        change.after = after
        change.note = note
        change.deadlinesMoved = deadlinesMoved
        try await change.create(on: db)
    }
}
