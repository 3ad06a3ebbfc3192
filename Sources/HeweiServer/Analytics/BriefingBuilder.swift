import Foundation
import HeweiCore

/// One section of a briefing: a heading and sentences, each carrying the numbers behind it.
struct BriefingSection: Sendable, Equatable {
    var key: String
    var title: String
    var lines: [String]
}

struct Briefing: Sendable, Equatable {
    var title: String
    var subtitle: String
    var sections: [BriefingSection]
}

/// Turns `BriefingFigures` into the briefing's text (pure: no database, no clock). The printable
/// page and the Markdown both render its sections, so they always say the same thing. With no
/// data every sentence says so instead of showing empty lists.
struct BriefingBuilder {
    var figures: BriefingFigures
    var lang: Lang
    /// How many hot issues (categories with most intake) to name.
    var hotIssues = 5
    /// Categories listed one by one; the rest are summed in one line.
    var categoryRows = 12

    func build() -> Briefing {
        let f = figures
        let period = f.kind == .daily ? f.period.from.description : "\(f.period.from) – \(f.period.to)"
        let title = f.kind == .daily ? lang.t("\(f.areaName)社会治理每日简报", "\(f.areaName) daily briefing")
            : lang.t("\(f.areaName)社会治理每周简报", "\(f.areaName) weekly briefing")
        let previous = f.kind == .daily ? lang.t("前一日", "the day before") : lang.t("上周", "the week before")
        return Briefing(title: title, subtitle: lang.t("统计期间：\(period)（与\(previous)比较）", "Period: \(period) (compared with \(previous))"),
                        sections: [overview(previous), channels(), categories(), hot(previous), redUnits(), warnings(), mediation(previous), trends(previous)])
    }

    private func overview(_ previous: String) -> BriefingSection {
        let f = figures
        let line = f.intake == 0 ? lang.t("本期未受理诉求。", "No requests were registered in the period.")
            : lang.t("本期共受理诉求 \(f.intake) 件，\(previous) \(f.previousIntake) 件，\(change(f.intake, f.previousIntake))。",
                     "\(f.intake) requests were registered in the period, against \(f.previousIntake) \(previous) (\(change(f.intake, f.previousIntake))).")
        return BriefingSection(key: "overview", title: lang.t("一、总体情况", "1. Overview"), lines: [line])
    }

    private func channels() -> BriefingSection {
        let f = figures
        let lines = f.channels.isEmpty ? [lang.t("本期无分渠道受理数据。", "No intake by channel in the period.")]
            : f.channels.map { c in lang.t("\(c.name)：\(c.count) 件（占 \(share(c.count, f.intake))）", "\(c.name): \(c.count) (\(share(c.count, f.intake)))") }
        return BriefingSection(key: "channels", title: lang.t("二、受理渠道", "2. Intake by channel"), lines: lines)
    }

    private func categories() -> BriefingSection {
        let f = figures
        var lines = f.categories.isEmpty ? [lang.t("本期无分类受理数据。", "No intake by category in the period.")]
            : f.categories.prefix(categoryRows).map { c in lang.t("\(c.name)（\(c.key)）：\(c.count) 件", "\(c.name) (\(c.key)): \(c.count)") }
        let rest = f.categories.dropFirst(categoryRows)
        if !rest.isEmpty {
            let n = rest.reduce(0) { $0 + $1.count }
            lines.append(lang.t("其他 \(rest.count) 类：共 \(n) 件", "\(rest.count) other categories: \(n) in all"))
        }
        return BriefingSection(key: "categories", title: lang.t("三、诉求分类", "3. Intake by category"), lines: lines)
    }

    private func hot(_ previous: String) -> BriefingSection {
        let top = figures.categories.prefix(hotIssues)
        let lines = top.isEmpty ? [lang.t("本期无热点问题。", "No hot issues in the period.")]
            : top.enumerated().map { i, c in
                lang.t("第 \(i + 1) 位：\(c.name)，\(c.count) 件，\(previous) \(c.previous) 件，\(change(c.count, c.previous))。",
                       "No. \(i + 1): \(c.name), \(c.count) requests, \(c.previous) \(previous) (\(change(c.count, c.previous))).")
            }
        return BriefingSection(key: "hot", title: lang.t("四、热点问题", "4. Hot issues"), lines: lines)
    }

    private func redUnits() -> BriefingSection {
        let units = figures.redUnits
        let lines = units.isEmpty ? [lang.t("目前没有超期（红灯）工单的单位。", "No unit has overdue (red) orders now.")]
            : [lang.t("目前有 \(units.count) 个单位存在超期（红灯）工单，共 \(units.reduce(0) { $0 + $1.red }) 件：",
                      "\(units.count) units have overdue (red) orders now, \(units.reduce(0) { $0 + $1.red }) in all:")]
            + units.map { u in lang.t("\(u.name)：红灯 \(u.red) 件，黄灯 \(u.yellow) 件，在办 \(u.open) 件",
                                      "\(u.name): \(u.red) red, \(u.yellow) yellow, \(u.open) open") }
        return BriefingSection(key: "red", title: lang.t("五、超期与红灯单位", "5. Overdue and red units"), lines: lines)
    }

    private func warnings() -> BriefingSection {
        let f = figures
        let raised = f.warningsRaised.reduce(0) { $0 + $1.count }
        var lines = [lang.t("本期新发风险预警 \(raised) 条，处置完毕 \(f.warningsHandled) 条。",
                            "\(raised) risk warnings were raised and \(f.warningsHandled) handled in the period.")]
        lines += f.warningsRaised.map { w in lang.t("\(RiskPages.kindName(w.key, lang))：\(w.count) 条", "\(RiskPages.kindName(w.key, lang)): \(w.count)") }
        return BriefingSection(key: "warnings", title: lang.t("六、风险预警", "6. Risk warnings"), lines: lines)
    }

    private func mediation(_ previous: String) -> BriefingSection {
        let f = figures
        let line: String
        if let m = f.mediation, m.denominator > 0 {
            line = lang.t("受理调解案件 \(m.denominator) 件，达成协议 \(m.numerator) 件，调解成功率 \(pct(m.rate))（\(previous) \(pct(f.previousMediation?.rate))）。",
                          "\(m.denominator) mediation cases accepted, \(m.numerator) agreements, success rate \(pct(m.rate)) (\(pct(f.previousMediation?.rate)) \(previous)).")
        } else {
            line = lang.t("本期无受理的调解案件。", "No mediation cases were accepted in the period.")
        }
        return BriefingSection(key: "mediation", title: lang.t("七、矛盾调解", "7. Mediation"), lines: [line])
    }

    private func trends(_ previous: String) -> BriefingSection {
        let f = figures
        let intake = lang.t("受理量：本期 \(f.intake) 件，\(previous) \(f.previousIntake) 件，\(change(f.intake, f.previousIntake))。",
                            "Intake: \(f.intake) in the period, \(f.previousIntake) \(previous) (\(change(f.intake, f.previousIntake))).")
        let c = f.closure, p = f.previousClosure
        let closure = c.denominator == 0 && p.denominator == 0
            ? lang.t("按时办结率：本期与\(previous)均无到期工单。", "On-time closure: no orders came due in either period.")
            : lang.t("按时办结率：本期 \(pct(c.rate))（\(c.numerator)/\(c.denominator)），\(previous) \(pct(p.rate))（\(p.numerator)/\(p.denominator)）\(points(c.rate, p.rate))。",
                     "On-time closure: \(pct(c.rate)) (\(c.numerator)/\(c.denominator)) in the period, \(pct(p.rate)) (\(p.numerator)/\(p.denominator)) \(previous)\(points(c.rate, p.rate)).")
        return BriefingSection(key: "trends", title: lang.t("八、趋势", "8. Trends"), lines: [intake, closure])
    }

    // MARK: numbers as words

    func pct(_ rate: Double?) -> String {
        rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
    }

    func share(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "—" : pct(Double(part) / Double(whole))
    }

    func change(_ now: Int, _ before: Int) -> String {
        if now == before { return lang.t("持平", "unchanged") }
        if before == 0 { return lang.t("上期为零", "none before") }
        let r = String(format: "%.1f%%", abs(Double(now - before) / Double(before)) * 100)
        return now > before ? lang.t("上升 \(r)", "up \(r)") : lang.t("下降 \(r)", "down \(r)")
    }

    func points(_ now: Double?, _ before: Double?) -> String {
        guard let now, let before else { return "" }
        let d = String(format: "%.1f", abs(now - before) * 100)
        if now == before { return lang.t("，持平", ", unchanged") }
        return now > before ? lang.t("，提高 \(d) 个百分点", ", up \(d) points") : lang.t("，下降 \(d) 个百分点", ", down \(d) points")
    }
}
