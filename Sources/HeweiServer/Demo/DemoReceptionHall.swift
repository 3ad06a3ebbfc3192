import Fluent
import Foundation
import HeweiCore
import Vapor

/// Today's walk-in hall for the demo: numbers issued since the morning in each area, the first
/// ones served and triaged, some called or being served, the rest waiting.
struct DemoHall {
    let app: Application

    func seed(clerk: Principal, staff: Principal, now: Date, today: String) async throws {
        let ctx = app.hewei
        let areas = HallAreas.builtIn.all
        guard !areas.isEmpty else { return }
        let names = ["孔繁荣", "颜世英", "曾宪华", "孟凡东", "孔令芳", "颜廷和", "曾祥云", "孟庆芝", "孔德福", "颜丙军", "曾昭兰", "孟繁星"]
        // (area index, minutes before now registered, final state)
        let script: [(Int, Double, HallVisitState)] = [
            (0, 95, .triaged), (0, 80, .triaged), (0, 50, .serving), (0, 30, .called), (0, 12, .waiting), (0, 5, .waiting),
            (1, 70, .triaged), (1, 40, .noShow), (1, 20, .called), (1, 8, .waiting),
            (2, 60, .serving), (2, 3, .waiting),
        ]
        var counters: [String: Int] = [:]
        for (i, s) in script.enumerated() {
            let area = areas[s.0 % areas.count]
            let n = (counters[area.code] ?? 0) + 1
            counters[area.code] = n
            let v = HallVisitModel()
            v.id = OrderedID.make()
            v.area = area.code
            v.queueDay = today
            v.queueNumber = n
            v.ticket = QueueNumber(prefix: area.prefix, sequence: n).description
            v.name = names[i % names.count]
            v.phone = try ctx.cipher.seal("1380537\(String(format: "%04d", 2000 + i))")
            v.matter = ["土地承包经营权纠纷，请求调处。", "物业服务费争议。", "劳动合同解除补偿咨询。", "邻里排水纠纷。"][i % 4]
            v.registeredAt = now.addingTimeInterval(-s.1 * 60)
            v.state = HallVisitState.waiting.rawValue
            v.version = 1
            let row = v, final = s.2, counter = area.counters[n % area.counters.count]
            try await app.db.write(gate: ctx.gate) { db in
                _ = try await HallRepository.nextNumber(area: row.area, day: row.queueDay, on: db)
                try await row.create(on: db)
                try await CaseEventLog.append(.hallVisit, row.id!, seq: 1, action: "register", from: nil, to: "waiting", by: clerk,
                                              data: ["area": row.area, "ticket": row.ticket], at: row.registeredAt, on: db)
                var state = HallVisitState.waiting, seq = 1, at = row.registeredAt
                let steps: [HallVisitAction] = switch final {
                case .called: [.call]
                case .serving: [.call, .serve]
                case .triaged: [.call, .serve, .triage]
                case .noShow: [.call, .noShow]
                default: []
                }
                for action in steps {
                    let to = try HallVisits.table.next(from: state, on: action)
                    seq += 1
                    at = min(at.addingTimeInterval(action == .call ? 9 * 60 : 6 * 60), now)
                    switch action {
                    case .call: (row.calledAt, row.counter) = (at, counter)
                    case .serve: row.servingAt = at
                    default: row.finishedAt = at
                    }
                    if action == .triage { (row.linkType, row.outcomeNote) = ("answered", "窗口当场释法答复。") }
                    try await CaseEventLog.append(.hallVisit, row.id!, seq: seq, action: action.rawValue, from: state.rawValue, to: to.rawValue,
                                                  by: staff, note: row.outcomeNote ?? "", data: action == .call ? ["counter": counter] : [:], at: at, on: db)
                    state = to
                }
                row.state = state.rawValue
                row.version = seq
                try await row.save(on: db)
            }
        }
    }
}
