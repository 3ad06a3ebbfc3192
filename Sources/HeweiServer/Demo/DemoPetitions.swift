import Fluent
import Foundation
import HeweiCore
import Vapor

/// Demo petitions (信访): about twenty with realistic content in several states, one chain through
/// review and re-review followed by a refused re-petition, an accusation against a department
/// (handled by another unit), and an appeal transferred to mediation. Everything goes through
/// `PetitionIntake` and `PetitionWorkflow`, at past instants, so events and clocks are real.
struct DemoPetitions {
    let app: Application

    /// One scripted petition: registered `daysAgo`, then the `steps` actions one `gap` apart.
    struct Script {
        var type: PetitionType
        var channel: PetitionChannel
        var matter: String
        var person: Petitioner
        var concerned: String?
        var unit: String
        var daysAgo: Double
        var steps: [PetitionAction]
        var gap: Double = 3
    }

    static func person(_ name: String, _ n: Int) -> Petitioner {
        Petitioner(name: name, idNumber: String(format: "3708811970%02d%02d%04d", n % 12 + 1, n % 27 + 1, 1000 + n * 37),
                   phone: String(format: "139053%05d", 10_000 + n * 311), address: "曲阜市\(["鲁城街道", "书院街道", "时庄街道", "小雪街道", "吴村镇", "尼山镇"][n % 6])")
    }

    static let handled: [PetitionAction] = [.forward, .accept, .startHandling, .reply]
    static let scripts: [Script] = [
        Script(type: .appealClaim, channel: .visit, matter: "反映所在小区开发商逾期两年未办理不动产权证书，多次协商无果，请求督促办理。", person: person("孔庆山", 1), concerned: "ZRJ", unit: "ZRJ", daysAgo: 80, steps: handled + [.close]),
        Script(type: .appealClaim, channel: .letter, matter: "在某建筑工地务工期间被拖欠工资三万二千元，包工头失联，请求帮助追讨。", person: person("颜景伟", 2), concerned: "RSJ", unit: "RSJ", daysAgo: 70, steps: handled + [.close]),
        Script(type: .suggestion, channel: .online, matter: "建议在三孔景区周边增设公共停车场并延长公交末班车时间，方便游客和居民出行。", person: person("曾凡华", 3), concerned: "JTJ", unit: "JTJ", daysAgo: 60, steps: handled),
        Script(type: .appealClaim, channel: .phone, matter: "村集体土地征收补偿款分配不公，本户人口未计入分配名单，请求重新核实。", person: person("周广文", 4), concerned: "NYJ", unit: "NYJ", daysAgo: 50, steps: [.forward, .accept, .startHandling, .extend]),
        Script(type: .appealClaim, channel: .visit, matter: "母亲享受的低保待遇被无故取消，家庭实际困难，请求恢复低保。", person: person("孟繁英", 5), concerned: "MZJ", unit: "MZJ", daysAgo: 40, steps: [.forward, .accept, .startHandling]),
        Script(type: .suggestion, channel: .online, matter: "建议对老城区雨污管网进行改造，每逢大雨五马祠街一带积水严重。", person: person("孔令杰", 6), concerned: "SWJ", unit: "SWJ", daysAgo: 30, steps: [.forward, .accept]),
        Script(type: .appealClaim, channel: .letter, matter: "孩子入学被划入距离较远的学校，请求按就近入学原则重新划片。", person: person("颜丽", 7), concerned: "JTY", unit: "JTY", daysAgo: 25, steps: [.forward, .notAccept]),
        Script(type: .appealClaim, channel: .visit, matter: "楼下餐馆油烟和噪音长期扰民，多次投诉未解决，请求依法处理。", person: person("陈建国", 8), concerned: "ZHZF", unit: "ZHZF", daysAgo: 20, steps: [.forward]),
        Script(type: .appealClaim, channel: .phone, matter: "医院收费明细与实际治疗不符，怀疑重复收费，请求核查退费。", person: person("刘桂兰", 9), concerned: "WJJ", unit: "WJJ", daysAgo: 12, steps: [.forward]),
        Script(type: .suggestion, channel: .online, matter: "建议农贸市场加强食品安全抽检并公开检测结果。", person: person("王振东", 10), concerned: "SJJ", unit: "SJJ", daysAgo: 6, steps: []),
        Script(type: .appealClaim, channel: .visit, matter: "冬季供暖温度长期不达标，室温不足十六度，请求燃气热力公司整改并退还部分取暖费。", person: person("张秀梅", 11), concerned: "RQGS", unit: "RQGS", daysAgo: 4, steps: []),
        Script(type: .appealClaim, channel: .letter, matter: "承包的果园因修路被占用，补偿标准过低，请求按评估价补偿。", person: person("李德胜", 12), concerned: "ZRJ", unit: "ZRJ", daysAgo: 2, steps: []),
        Script(type: .accusation, channel: .letter, matter: "检举住建局某科室工作人员在老旧小区改造项目验收中收受施工单位好处，降低验收标准。", person: person("匿名检举人", 13), concerned: "ZJJ", unit: "ZFW", daysAgo: 35, steps: [.forward, .accept, .startHandling]),
        Script(type: .accusation, channel: .online, matter: "检举某村干部在危房改造补助申报中优亲厚友、虚报冒领。", person: person("郭长海", 14), concerned: "MZJ", unit: "ZFW", daysAgo: 9, steps: [.forward]),
    ]

    func seed() async throws {
        let ctx = app.hewei
        guard try await PetitionModel.query(on: app.db).count() == 0 else { return }
        let now = ctx.clock.now()
        let staff = try await principal("petition")
        for s in Self.scripts {
            let start = now.addingTimeInterval(-s.daysAgo * 86_400)
            let p = try await register(s, at: start, by: staff)
            try await run(s.steps, on: p.code, unit: s.unit, from: start, gap: s.gap, staff: staff)
        }
        try await seedChain(now: now, staff: staff)
        try await seedMediationTransfer(now: now, staff: staff)
    }

    func register(_ s: Script, matter: String? = nil, parent: String? = nil, at: Date, by staff: Principal) async throws -> PetitionModel {
        let input = PetitionRegistration(channel: s.channel.rawValue, type: s.type.rawValue, matter: matter ?? s.matter,
                                         petitioners: [PetitionerInput(name: s.person.name, idNumber: s.person.idNumber, phone: s.person.phone,
                                                                       address: s.person.address)],
                                         concernedUnitCode: s.concerned, sourceOrderCode: nil, parentCode: parent)
        let ctx = app.hewei
        return try await app.db.write(gate: ctx.gate) { db in
            try await PetitionIntake.register(input, by: staff, context: ctx, now: at, on: db)
        }
    }

    func run(_ steps: [PetitionAction], on code: String, unit: String, from start: Date, gap: Double, staff: Principal) async throws {
        let handler = try await principal("h-" + unit.lowercased())
        for (i, action) in steps.enumerated() {
            var input = PetitionActionInput()
            switch action {
            case .forward: input.unitCode = unit
            case .accept: input.decision = "经审查，该事项属于本单位职责范围，符合受理条件，决定予以受理。"
            case .notAccept: input.decision = "该事项已通过法定途径处理，依照《信访工作条例》第三十一条不予受理，已书面告知。"
            case .extend:
                input.days = 30; input.reason = "需会同镇街核实历年分配台账，情况复杂"
                input.notice = "您反映的事项情况复杂，办理期限延长三十日，我们将在期限内书面答复。"
            case .reply: input.reply = "经调查核实，已责成相关单位依法依规处理，处理结果已书面告知。如不服，可自收到本意见之日起三十日内申请复查。"
            default: break
            }
            let actor = [.forward, .close, .transferToMediation].contains(action) ? staff : handler
            _ = try await PetitionWorkflow(context: app.hewei, now: start.addingTimeInterval(Double(i + 1) * gap * 86_400))
                .perform(action, code: code, input: input, by: actor, on: app.db)
        }
    }

    /// 复查 and 复核 of a housing-subsidy matter, then a re-petition on the same facts (not accepted).
    func seedChain(now: Date, staff: Principal) async throws {
        let s = Script(type: .appealClaim, channel: .visit, matter: "房屋征收安置补偿面积认定错误，少计算二十平方米，请求重新认定并补偿。",
                       person: Self.person("孔祥瑞", 20), concerned: "ZJJ", unit: "ZJJ", daysAgo: 100, steps: [])
        var at = now.addingTimeInterval(-100 * 86_400)
        let original = try await register(s, at: at, by: staff)
        try await run(Self.handled, on: original.code, unit: "ZJJ", from: at, gap: 4, staff: staff)
        at = at.addingTimeInterval(20 * 86_400)
        let review = try await register(s, parent: original.code, at: at, by: staff)
        try await run(Self.handled, on: review.code, unit: "ZRJ", from: at, gap: 3, staff: staff)
        at = at.addingTimeInterval(15 * 86_400)
        let reReview = try await register(s, parent: review.code, at: at, by: staff)
        try await run(Self.handled + [.close], on: reReview.code, unit: "ZFW", from: at, gap: 3, staff: staff)
        at = at.addingTimeInterval(30 * 86_400)
        let again = try await register(s, matter: "房屋征收安置补偿面积认定错误，少算了二十平方米，再次请求重新认定并补偿！", at: at, by: staff)
        try await run([.forward, .notAccept], on: again.code, unit: "ZJJ", from: at, gap: 2, staff: staff)
    }

    /// 信访导入调解: a neighbours' dispute over a wall, both parties consenting.
    func seedMediationTransfer(now: Date, staff: Principal) async throws {
        let s = Script(type: .appealClaim, channel: .visit, matter: "邻居翻建房屋时院墙越界占用我家宅基地约一米，协商不成，请求处理。",
                       person: Self.person("颜世军", 21), concerned: "370881001000", unit: "370881001000", daysAgo: 15, steps: [])
        let at = now.addingTimeInterval(-15 * 86_400)
        let p = try await register(s, at: at, by: staff)
        try await run([.forward, .accept], on: p.code, unit: "370881001000", from: at, gap: 2, staff: staff)
        var input = PetitionActionInput()
        input.applicantConsent = true
        input.respondentConsent = true
        input.disputeType = "neighbourhood"
        input.respondent = MediationParty(name: "颜世平", kind: "person", phone: "13905370422", idNumber: nil, address: "曲阜市鲁城街道")
        _ = try await PetitionWorkflow(context: app.hewei, now: at.addingTimeInterval(7 * 86_400))
            .perform(.transferToMediation, code: p.code, input: input, by: staff, on: app.db)
    }

    func principal(_ username: String) async throws -> Principal {
        guard let user = try await UserModel.query(on: app.db).filter(\.$username == username).first(),
              let p = Tokens.principal(for: user, token: nil) else {
            throw HeweiError.internalFailure("demo account '\(username)' is missing")
        }
        return p
    }
}
