import Fluent
import Foundation
import HeweiCore
import Vapor

/// The 人民调解协议书 of a settled case, print-ready Chinese HTML (A4, print CSS): parties, facts and
/// disputed matters, responsibilities, agreed terms, manner and deadline of performance, the rights
/// notice, signature lines for the parties and the mediators, the committee's seal block and the date
/// of effect (人民调解法 第二十八、二十九条).
enum MediationAgreementDocument {
    /// `inlineStyle`: the CSS in the page (for a file rendered outside the server); otherwise the page
    /// links `/console/mediation/agreement.css` (the console's content security policy forbids inline styles).
    static func html(_ row: MediationCaseModel, context: HeweiContext, reveal: Bool, inlineStyle: Bool = false,
                     on db: any Database) async throws -> String {
        guard let terms = MediationJSON.decode(MediationAgreementTerms.self, row.agreement) else {
            throw HeweiError.conflict("case \(row.code) has no agreement")
        }
        let codes = MediationJSON.decode([String].self, row.mediators) ?? []
        let mediators = codes.isEmpty ? [] : try await MediatorModel.query(on: db).filter(\.$code ~~ codes).sort(\.$code).all()
        let room = try await MediationRoomModel.query(on: db).filter(\.$code == row.roomCode).first()
        let centre = context.org.unit(row.centreID)?.name ?? ""
        let committee = centre.replacingOccurrences(of: "和为贵中心", with: "").replacingOccurrences(of: "和为贵调解室", with: "")
            + "人民调解委员会"
        let a = try MediationParty.opened(row.applicant, context.cipher)
        let b = try MediationParty.opened(row.respondent, context.cipher)
        let e = HTML.esc
        func party(_ role: String, _ p: MediationParty) -> String {
            let shown = reveal ? p : p.masked
            let kind = p.kind == PartyKind.organisation.rawValue ? "单位" : "自然人"
            return """
            <tr><th>\(role)</th><td>\(e(shown.name))（\(kind)）</td>
            <th>身份证号码</th><td>\(e(shown.idNumber ?? "—"))</td></tr>
            <tr><th>住所</th><td>\(e(shown.address ?? "—"))</td><th>联系电话</th><td>\(e(shown.phone ?? "—"))</td></tr>
            """
        }
        let css = inlineStyle ? "<style>\(stylesheet)</style>" : "<link rel=\"stylesheet\" href=\"/console/mediation/agreement.css\">"
        let kind = terms.kind == MediationOutcome.oralAgreement.rawValue ? "（口头协议记录）" : ""
        return """
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>人民调解协议书 \(e(row.code))</title>\(css)</head>
        <body><article class="agreement">
        <h1>人民调解协议书\(kind)</h1>
        <p class="number">编号：\(e(row.code))　　调解组织：\(e(room?.name ?? row.roomCode))</p>
        <table class="parties">\(party("申请人", a))\(party("被申请人", b))</table>
        <section><h2>纠纷主要事实、争议事项</h2><p>\(e(row.summary))</p></section>
        <section><h2>各方当事人的责任</h2><p>\(e(terms.responsibilities))</p></section>
        <p>经人民调解委员会主持调解，双方当事人在平等自愿的基础上达成如下协议：</p>
        <section><h2>协议内容</h2><p>\(e(terms.terms))</p></section>
        <section><h2>履行方式、时限</h2><p>\(e(terms.performanceManner))，于\(chineseDate(terms.performanceDeadline))前履行完毕。</p></section>
        <p class="notice">本协议自双方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章之日起生效。经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。本协议一式三份，双方当事人各执一份，人民调解委员会留存一份。</p>
        <div class="signatures">
        <p>申请人（签名或盖章）：<span class="line"></span></p>
        <p>被申请人（签名或盖章）：<span class="line"></span></p>
        <p>人民调解员（签名）：<span class="line">\(e(mediators.map(\.name).joined(separator: "、")))</span></p>
        </div>
        <div class="seal"><p>\(e(committee))（印章）</p><p class="seal-box">印章</p><p>\(chineseDate(terms.effectiveAt))</p></div>
        <p class="effect">协议生效日期：\(chineseDate(terms.effectiveAt))</p>
        </article></body></html>
        """
    }

    /// 2026年11月26日 (UTC+8).
    static func chineseDate(_ date: Date) -> String {
        let d = CivilDate(dayNumber: Int(((date.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down)))
        return "\(d.year)年\(d.month)月\(d.day)日"
    }

    static let stylesheet = """
    @page { size: A4; margin: 22mm 20mm; }
    body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; color: #000; background: #fff; margin: 0; }
    .agreement { max-width: 170mm; margin: 10mm auto; font-size: 12pt; line-height: 1.8; }
    h1 { text-align: center; font-size: 20pt; letter-spacing: 0.3em; margin: 0 0 6mm; }
    h2 { font-size: 12pt; margin: 4mm 0 1mm; }
    .number { text-align: right; font-size: 10.5pt; }
    table.parties { width: 100%; border-collapse: collapse; margin: 4mm 0; }
    table.parties th, table.parties td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; font-weight: normal; }
    table.parties th { width: 18%; background: #f3f3f3; }
    section p { text-indent: 2em; margin: 0; }
    .notice { text-indent: 2em; font-size: 10.5pt; margin-top: 5mm; }
    .signatures { margin-top: 10mm; }
    .signatures .line { display: inline-block; min-width: 60mm; border-bottom: 1px solid #000; }
    .seal { float: right; text-align: center; margin-top: 6mm; }
    .seal-box { width: 38mm; height: 38mm; border: 2px dashed #c00; border-radius: 50%; color: #c00; line-height: 38mm; margin: 2mm auto; }
    .effect { clear: both; padding-top: 4mm; font-size: 10.5pt; }
    @media print { .agreement { margin: 0; max-width: none; } }
    """
}
