import Fluent
import Foundation
import HeweiCore
import Vapor

/// Demo leader-reception days (two past ones with outcomes, two upcoming ones with bookings) and
/// today's walk-in hall (waiting, called, serving and triaged visitors). Deterministic.
struct DemoReception {
    let app: Application

    func principal(_ username: String, _ role: Role, on db: any Database) async throws -> Principal {
        let user = try await UserModel.query(on: db).filter(\.$username == username).first()
        return Principal(id: user?.id, username: username, name: user?.displayName ?? username, role: role, unitID: user?.unitID)
    }

    func seed() async throws {
        let db = app.db, ctx = app.hewei
        let now = ctx.clock.now()
        let calendar = ctx.rules.current.calendar
        let today = calendar.civilDate(of: now)
        let staff = try await principal("petition", .petitionStaff, on: db)
        let clerk = try await principal("clerk", .intakeClerk, on: db)
        let leader = try await UserModel.query(on: db).filter(\.$username == "leader").first()
        let plan: [(offset: Int, title: String, topics: String, people: [(String, String, String, ReceptionOutcome?)])] = [
            (-14, "市委书记", "城乡建设、征地拆迁", [
                ("孔令军", "13905371001", "村集体土地征收补偿款分配不公。", .order),
                ("颜秀英", "13905371002", "儿子工伤认定久拖未决。", .answered),
                ("曾凡华", "13905371003", "邻居加盖房屋遮挡采光，多次协商未果。", .noShow)]),
            (-7, "市长", "劳动保障、教育医疗", [
                ("孟庆田", "13905371004", "企业拖欠农民工工资三个月。", .order),
                ("孔祥梅", "13905371005", "孩子入学学区划分咨询。", .answered)]),
            (3, "市委副书记", "信访积案化解", [
                ("颜景春", "13905371006", "宅基地确权纠纷。", nil), ("孔德海", "13905371007", "养老保险断缴补缴。", nil)]),
            (10, "副市长", "社会治安、矛盾纠纷", [("曾庆伟", "13905371008", "小区停车位归属争议。", nil)]),
        ]
        for (i, d) in plan.enumerated() {
            let date = CivilDate(dayNumber: today.dayNumber + d.offset)
            let created = calendar.startOfDay(CivilDate(dayNumber: min(date.dayNumber, today.dayNumber) - 10)).addingTimeInterval(9 * 3600)
            let day = ReceptionDayModel()
            day.id = OrderedID.make()
            day.leaderUserID = i == 0 ? leader?.id : nil
            day.leaderName = i == 0 ? (leader?.displayName ?? "领导") : ["王建国", "李文明", "张志强", "刘海涛"][i]
            day.leaderTitle = d.title
            day.date = date.description
            (day.starts, day.ends) = ("09:00", "11:30")
            day.place = "市社会治理服务中心三楼领导接访室"
            day.topics = d.topics
            day.capacity = 8
            day.booked = d.people.count
            day.createdAt = created
            day.createdBy = staff.name
            let row = day
            try await db.write(gate: ctx.gate) { db in try await ReceptionBook.schedule(row, by: staff, at: created, on: db) }
            for (j, p) in d.people.enumerated() {
                try await book(day: row, person: p, at: created.addingTimeInterval(Double(j + 1) * 3600),
                               dayStart: calendar.startOfDay(date).addingTimeInterval(9 * 3600 + Double(j) * 1200), staff: staff)
            }
        }
        try await DemoHall(app: app).seed(clerk: clerk, staff: staff, now: now, today: today.description)
    }

    private func book(day: ReceptionDayModel, person p: (String, String, String, ReceptionOutcome?), at bookedAt: Date,
                      dayStart: Date, staff: Principal) async throws {
        let ctx = app.hewei
        let b = ReceptionBookingModel()
        b.id = OrderedID.make()
        b.dayID = day.id!
        b.state = ReceptionBookingState.booked.rawValue
        b.version = 1
        (b.name, b.matter) = (p.0, p.2)
        b.phone = try ctx.cipher.seal(p.1)
        b.createdAt = bookedAt
        var prepared: (OrderWorkflow, OrderWorkflow.CheckedIntake)?
        if p.3 == .order {
            var workflow = ctx.workflow(on: app.db)
            workflow.now = dayStart
            let input = IntakeInput(channel: HeweiCore.Channel.walkIn.rawValue, channelRef: nil, requestKind: RequestKind.complaint.rawValue,
                                    categoryCode: "0106", urgency: nil, longitude: nil, latitude: nil, address: "曲阜市鲁城街道",
                                    requesterName: p.0, requesterPhone: p.1, anonymous: false, content: p.2, dispatchTo: nil, answerAtOnce: nil)
            prepared = (workflow, try await workflow.validate(input, actorRole: nil))
        }
        let row = b, outcome = p.3, ready = prepared
        try await app.db.write(gate: ctx.gate) { db in
            try await row.create(on: db)
            try await CaseEventLog.append(.reception, row.id!, seq: 1, action: "book", from: nil, to: row.state, by: staff, at: bookedAt, on: db)
            guard let outcome else { return }
            let to = try ReceptionBookings.table.next(from: .booked, on: outcome.action)
            var data: [String: String] = [:]
            if let (workflow, intake) = ready {
                let order = try await workflow.create(intake, key: nil, by: staff, on: db)
                (row.linkType, row.linkRef) = ("order", order.code)
                data = ["linkType": "order", "linkRef": order.code]
            }
            row.outcomeNote = outcome == .answered ? "领导当场答复，相关政策已解释清楚。" : (outcome == .noShow ? "本人未到场。" : "领导批示：责成相关部门限期办理。")
            row.state = to.rawValue
            row.version = 2
            row.closedAt = dayStart
            try await row.save(on: db)
            try await CaseEventLog.append(.reception, row.id!, seq: 2, action: outcome.action.rawValue, from: "booked", to: to.rawValue,
                                          by: staff, note: row.outcomeNote ?? "", data: data, at: dayStart, on: db)
        }
    }
}
