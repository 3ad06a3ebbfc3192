import Foundation
import HeweiCore
import Vapor

/// `/console/dispatch-model`: the smart dispatch suggestion model (智能派单建议) — held-out accuracy
/// of the active model, per category, the training history, and "retrain now" for the system
/// administrator. Reads and the retrain go through the API's own handlers.
struct DispatchModelPages: RouteCollection {
    struct Form: Content {
        var threshold: String?
        var note: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("dispatch-model", use: show)
        routes.post("dispatch-model", "retrain", use: retrain)
    }

    static func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

    func show(req: Request) async throws -> Response {
        try await render(req, flash: req.query[String.self, at: "done"] != nil ? Lang.of(req).t("已重新训练并启用。", "Retrained and in use.") : nil,
                         error: nil)
    }

    func render(_ req: Request, flash: String?, error: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = Lang.of(req)
        let viewer = try req.principal()
        let view = try await DispatchModelController().show(req: ConsoleAPI.request(req, query: [("lang", lang.rawValue)]))
        let figures = view.model.map { m in
            """
            <dl class="figures">
            <div><dt>\(lang.t("分类准确率", "Category accuracy"))</dt><dd>\(Self.pct(m.categoryAccuracy))</dd></div>
            <div><dt>\(lang.t("分类前三命中率", "Category top-3"))</dt><dd>\(Self.pct(m.categoryTop3))</dd></div>
            <div><dt>\(lang.t("承办单位准确率", "Unit accuracy"))</dt><dd>\(Self.pct(m.unitAccuracy))</dd></div>
            <div><dt>\(lang.t("单位前三命中率", "Unit top-3"))</dt><dd>\(Self.pct(m.unitTop3))</dd></div>
            <div><dt>\(lang.t("预选阈值", "Pre-select threshold"))</dt><dd>\(String(format: "%.2f", m.threshold))</dd></div>
            </dl>
            <p class="muted">\(lang.t("第 \(m.generation) 版，\(ConsoleFormat.time(m.trainedAt)) 由 \(HTML.esc(m.trainedBy)) 训练；已办结工单 \(m.samples) 件（有承办单位 \(m.unitSamples) 件），每 5 件留出 1 件检验：分类检验 \(m.tested) 件，单位检验 \(m.unitTested) 件。",
                                    "Model \(m.generation), trained \(ConsoleFormat.time(m.trainedAt)) by \(HTML.esc(m.trainedBy)) on \(m.samples) closed orders (\(m.unitSamples) with a lead unit); every 5th held out: \(m.tested) tested for category, \(m.unitTested) for unit."))</p>
            """
        } ?? "<p class=\"empty\">\(lang.t("尚未训练模型：受理时不显示派单建议。", "No model trained yet: intake shows no suggestions."))</p>"
        let rows = view.perCategory.map { c in
            "<tr><td>\(HTML.esc(c.code))</td><td>\(HTML.esc(c.name))</td><td class=\"num\">\(c.tested)</td><td class=\"num\">\(c.correct)</td><td class=\"num\">\(Self.pct(c.accuracy))</td><td class=\"num\">\(c.tested == 0 ? "—" : Self.pct(Double(c.inTop3) / Double(c.tested)))</td></tr>"
        }.joined()
        let perCategory = view.perCategory.isEmpty ? "" : """
            <h2>\(lang.t("各分类检验结果", "Held-out accuracy per category"))</h2>
            <table class="data"><thead><tr><th>\(lang.t("代码", "Code"))</th><th>\(lang.t("分类", "Category"))</th><th>\(lang.t("检验件数", "Tested"))</th><th>\(lang.t("命中", "Correct"))</th><th>\(lang.t("准确率", "Accuracy"))</th><th>\(lang.t("前三命中率", "Top-3"))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let history = view.history.map { h in
            "<tr><td>\(h.generation)</td><td>\(ConsoleFormat.time(h.trainedAt))</td><td>\(HTML.esc(h.trainedBy))</td><td class=\"num\">\(h.samples)</td><td class=\"num\">\(Self.pct(h.categoryAccuracy))</td><td class=\"num\">\(Self.pct(h.categoryTop3))</td><td class=\"num\">\(Self.pct(h.unitAccuracy))</td><td class=\"num\">\(Self.pct(h.unitTop3))</td><td class=\"num\">\(String(format: "%.2f", h.threshold))</td></tr>"
        }.joined()
        let historyTable = view.history.isEmpty ? "" : """
            <h2>\(lang.t("历次训练", "Earlier trainings"))</h2>
            <table class="data"><thead><tr><th>\(lang.t("版本", "Model"))</th><th>\(lang.t("时间", "Trained"))</th><th>\(lang.t("训练人", "By"))</th><th>\(lang.t("样本", "Orders"))</th><th>\(lang.t("分类", "Category"))</th><th>\(lang.t("分类前三", "Cat. top-3"))</th><th>\(lang.t("单位", "Unit"))</th><th>\(lang.t("单位前三", "Unit top-3"))</th><th>\(lang.t("阈值", "Threshold"))</th></tr></thead><tbody>\(history)</tbody></table>
            """
        let form = viewer.may(.configuration, .change) ? """
            <h2>\(lang.t("重新训练", "Retrain now"))</h2>
            <form method="post" action="/console/dispatch-model/retrain" class="inline">
            <label>\(lang.t("预选阈值", "Pre-select threshold")) <input name="threshold" inputmode="decimal" value="\(String(format: "%.2f", view.model?.threshold ?? DispatchTraining.defaultThreshold))"></label>
            <label>\(lang.t("说明", "Note")) <input name="note" maxlength="500"></label>
            <button type="submit" class="primary">\(lang.t("用已办结工单重新训练", "Retrain on the closed orders"))</button></form>
            """ : ""
        let body = """
        <div class="page-head"><h1>\(lang.t("智能派单建议模型", "Dispatch suggestion model"))</h1></div>
        \(HTML.flash(flash))\(HTML.flash(error, error: true))
        \(figures)\(perCategory)\(historyTable)\(form)
        """
        return HTML.render(req, title: lang.t("智能派单建议模型", "Dispatch suggestion model"), nav: "dispatch-model",
                           path: "/console/dispatch-model", body: body, status: status)
    }

    func retrain(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        do {
            let threshold = try ConsoleAPI.given(f.threshold).map { t -> Double in
                guard let d = Double(t) else { throw HeweiError.invalidField("threshold", "must be a decimal number") }
                return d
            }
            let input = DispatchModelController.RetrainInput(threshold: threshold, note: ConsoleAPI.given(f.note))
            _ = try await DispatchModelController().retrain(req: try ConsoleAPI.request(req, body: input))
        } catch let error as HeweiError {
            if case .forbidden = error { throw error }
            return try await render(req, flash: nil, error: ConsoleMessages.describe(error, lang: Lang.of(req)), status: error.status)
        }
        return req.redirect(to: "/console/dispatch-model?done=1", redirectType: .normal)
    }
}
