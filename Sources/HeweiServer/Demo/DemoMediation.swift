import Fluent
import Foundation
import HeweiCore
import Vapor

/// Seeds ~30 mediation cases over the last months, through the same intake and workflow as the API:
/// most settled (written or recorded oral agreements, followed up, some judicially confirmed), some
/// failed with advice, a few escalated village → town, one major case with a joint consultation, two
/// declined, and a few still in mediation. Case 0 (the first settled) has a complete written agreement.
struct DemoMediation {
    let app: Application
    static let rooms = ["370881001001", "370881001002", "370881101001", "370881101002", "370881107001", "370881108001",
                        "370881001000-01", "370881101000-01", "370881107000-01", "370881000000-01", "370881000000-02", "370881000000-03"]
    static let villageRooms = ["370881001001", "370881101001", "370881107001"]

    func seed() async throws {
        guard try await MediationCaseModel.query(on: app.db).count() == 0 else { return }
        let file = try MediationOrganisation.demo()
        let now = app.hewei.clock.now()
        for i in 0..<30 {
            try await seedCase(i, file: file, now: now)
        }
    }

    func actor(room: String, file: MediationOrganisationFile) -> (Principal, String) {
        let centreCode = file.rooms.first { $0.code == room }?.centre ?? "370881000000"
        let m = file.mediators.first { $0.room == room } ?? file.mediators.first { $0.room.hasPrefix(centreCode) } ?? file.mediators[0]
        let p = Principal(id: nil, username: m.username ?? "demo-\(m.code)", name: "调解员 \(m.name)", role: .mediator,
                          unitID: app.hewei.org.unit(code: centreCode)?.id)
        return (p, m.code)
    }

    func seedCase(_ i: Int, file: MediationOrganisationFile, now: Date) async throws {
        let d = DemoMediationCases.disputes[i % DemoMediationCases.disputes.count]
        let escalated = [7, 17, 25].contains(i), major = i == 12, declined = [9, 21].contains(i)
        let failed = i % 10 == 3, open = i >= 28
        let room = escalated ? Self.villageRooms[i % 3] : Self.rooms[i % Self.rooms.count]
        let day: TimeInterval = 86_400
        let t0 = now.addingTimeInterval(-Double(100 - i * 3) * day).addingTimeInterval(Double(i % 5) * 1800)
        func name(_ p: (String, String), _ k: Int) -> String {
            guard i >= DemoMediationCases.disputes.count, p.1 == "person" else { return p.0 }
            return DemoMediationCases.surnames[(i + k) % 8] + DemoMediationCases.givenNames[(i * 3 + k) % 10]
        }
        let sources = ["walkIn", "gridWorker", "courtReferral", "walkIn"]
        let source = sources[i % 4]
        let opening = MediationOpening(
            source: source, sourceRef: source == "courtReferral" ? "（2026）鲁0881民诉前调\(100 + i)号" : nil,
            disputeType: d.type, summary: d.summary,
            applicant: MediationParty(name: name(d.applicant, 0), kind: d.applicant.1, phone: String(format: "1380537%04d", 1000 + i * 7),
                                      idNumber: d.applicant.1 == "person" ? String(format: "3708811965%02d12%04d", (i % 12) + 1, 1000 + i) : nil,
                                      address: "曲阜市\(app.hewei.org.unit(code: String(room.prefix(12)))?.name.replacingOccurrences(of: "和为贵调解室", with: "").replacingOccurrences(of: "和为贵中心", with: "") ?? "")"),
            respondent: MediationParty(name: name(d.respondent, 1), kind: d.respondent.1, phone: String(format: "1390537%04d", 2000 + i * 11),
                                       idNumber: nil, address: "曲阜市"),
            applicantConsent: true, respondentConsent: !declined, roomCode: room, major: major)
        var (who, mediator) = actor(room: room, file: file)
        let context = app.hewei
        let opener = who
        let row = try await app.db.write(gate: context.gate) { db in
            try await MediationIntake.open(opening, by: opener, context: context, now: t0, on: db)
        }
        if declined { return }
        let id = row.id!
        func step(_ action: MediationAction, _ at: Date, _ input: MediationActionInput, as p: Principal) async throws {
            try await app.db.write(gate: context.gate) { db in
                _ = try await MediationWorkflow(context: context, actor: p, now: at, db: db).perform(action, on: id, input)
            }
        }
        let place = "\(file.rooms.first { $0.code == room }?.name ?? room)"
        try await step(.assign, t0.addingTimeInterval(3600), MediationActionInput(teamCode: d.team, mediators: [mediator]), as: who)
        try await step(.recordSession, t0.addingTimeInterval(2 * day), MediationActionInput(
            place: place, attendees: [opening.applicant.name, opening.respondent.name, who.name],
            record: "调解员听取双方陈述，核实争议事实，释法说理，双方同意继续协商。"), as: who)
        var at = t0.addingTimeInterval(2 * day)
        if escalated {
            try await step(.escalate, t0.addingTimeInterval(3 * day), MediationActionInput(reason: "争议涉及宅基地界址确认，需街道国土、城建人员参与，村调解室提请上级调解"), as: who)
            let town = String(room.prefix(9)) + "000-01"
            (who, mediator) = actor(room: town, file: file)
            try await step(.assign, t0.addingTimeInterval(3 * day + 3600), MediationActionInput(teamCode: d.team, mediators: [mediator]), as: who)
            try await step(.recordSession, t0.addingTimeInterval(5 * day), MediationActionInput(
                place: file.rooms.first { $0.code == town }?.name ?? town, attendees: [opening.applicant.name, opening.respondent.name, who.name],
                record: "街道调解室会同村委会现场查看，双方同意以原界址为准。"), as: who)
            at = t0.addingTimeInterval(5 * day)
        }
        if major {
            try await step(.convene, t0.addingTimeInterval(3 * day), MediationActionInput(
                place: "市和为贵社会治理服务中心会商室", scheduledAt: t0.addingTimeInterval(4 * day), units: ["SFJ", "RSJ", "ZFW"]), as: who)
            try await step(.conclude, t0.addingTimeInterval(4 * day + 7200), MediationActionInput(
                conclusions: "司法、人社、政法委会商认为：欠薪事实清楚，由人社局督促用工单位筹措资金，调解室组织双方分期支付方案。"), as: who)
            at = t0.addingTimeInterval(4 * day + 7200)
        }
        if open { return }
        let end = at.addingTimeInterval(day)
        if failed {
            try await step(.fail, end, MediationActionInput(note: "双方对责任划分和赔偿数额分歧过大，经多次调解未能达成协议，告知当事人可依法维权。",
                                                            advice: i % 20 == 3 ? "litigation" : "arbitration"), as: who)
            try await step(.close, end.addingTimeInterval(day), MediationActionInput(note: "调解不成，结案归档"), as: who)
            return
        }
        let deadline = end.addingTimeInterval(20 * day)
        let oral = i % 4 == 2
        try await step(.settle, end, MediationActionInput(
            kind: oral ? "oralAgreement" : "writtenAgreement", responsibilities: d.responsibilities, terms: d.terms,
            performanceManner: d.manner, performanceDeadline: deadline, effectiveAt: end), as: who)
        if !oral && i % 2 == 0 {
            try await step(.applyConfirmation, end.addingTimeInterval(6 * day), MediationActionInput(court: "曲阜市人民法院"), as: who)
            try await step(.recordConfirmation, end.addingTimeInterval(16 * day), MediationActionInput(decision: "confirmed"), as: who)
        }
        let visit = deadline.addingTimeInterval(day)
        guard visit < now else { return }
        let satisfaction = i % 6 == 5 ? "basicallySatisfied" : (i == 19 ? "unsatisfied" : "satisfied")
        try await step(.followUp, visit, MediationActionInput(note: "电话回访，当事人表示已按协议履行。", performed: i != 19, satisfaction: satisfaction), as: who)
        if i != 19 { try await step(.close, visit.addingTimeInterval(3600), MediationActionInput(note: "协议履行完毕，结案归档"), as: who) }
    }
}
