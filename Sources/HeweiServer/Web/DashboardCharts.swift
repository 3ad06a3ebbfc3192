import Foundation

/// The dashboard's charts as inline SVG built here (no chart library, no network). Colours come
/// from classes in the dashboard's stylesheet: the content-security policy forbids inline styles.
enum DashboardCharts {
    struct Bar {
        var label: String
        var value: Int
    }

    /// Horizontal bars, one row per item, the value at the bar's end; `empty` when there is nothing.
    static func bars(_ items: [Bar], width: Double = 440, row: Double = 34, label: Double = 150, aria: String, empty: String) -> String {
        guard !items.isEmpty else { return "<p class=\"empty\">\(HTML.esc(empty))</p>" }
        let maximum = Double(max(items.map(\.value).max() ?? 1, 1))
        let span = width - label - 60
        let height = Double(items.count) * row
        var out = "<svg class=\"chart bars\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"100%\" role=\"img\" aria-label=\"\(HTML.esc(aria))\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (i, item) in items.enumerated() {
            let y = Double(i) * row
            let w = max(2, span * Double(item.value) / maximum)
            out += "<text class=\"lbl\" x=\"\(n(label - 8))\" y=\"\(n(y + row * 0.62))\" text-anchor=\"end\">\(HTML.esc(item.label))</text>"
            out += "<rect class=\"bar\" x=\"\(n(label))\" y=\"\(n(y + row * 0.18))\" width=\"\(n(w))\" height=\"\(n(row * 0.64))\" rx=\"3\"><title>\(HTML.esc(item.label)): \(item.value)</title></rect>"
            out += "<text class=\"val\" x=\"\(n(label + w + 8))\" y=\"\(n(y + row * 0.62))\">\(item.value)</text>"
        }
        return out + "</svg>"
    }

    struct Day {
        var day: String
        var intake: Int
        var closedOnTime: Int
    }

    /// Daily intake as bars with on-time closures as a line over them, first and last day labelled.
    static func trend(_ days: [Day], width: Double = 500, height: Double = 220, aria: String, intakeLabel: String, closedLabel: String) -> String {
        guard !days.isEmpty else { return "" }
        let top = 14.0, bottom = 28.0, left = 36.0
        let maximum = Double(max(days.map { max($0.intake, $0.closedOnTime) }.max() ?? 1, 1))
        let plot = height - top - bottom
        let step = (width - left) / Double(days.count)
        let y = { (v: Int) in top + plot - plot * Double(v) / maximum }
        var out = "<svg class=\"chart trend\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"100%\" role=\"img\" aria-label=\"\(HTML.esc(aria))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<line class=\"axis\" x1=\"\(n(left))\" y1=\"\(n(top + plot))\" x2=\"\(n(width))\" y2=\"\(n(top + plot))\"></line>"
        out += "<text class=\"tick\" x=\"\(n(left - 6))\" y=\"\(n(top + 4))\" text-anchor=\"end\">\(Int(maximum))</text>"
        out += "<text class=\"tick\" x=\"\(n(left - 6))\" y=\"\(n(top + plot))\" text-anchor=\"end\">0</text>"
        for (i, d) in days.enumerated() {
            let x = left + Double(i) * step
            out += "<rect class=\"bar\" x=\"\(n(x + step * 0.15))\" y=\"\(n(y(d.intake)))\" width=\"\(n(step * 0.7))\" height=\"\(n(top + plot - y(d.intake)))\"><title>\(HTML.esc(d.day)) \(HTML.esc(intakeLabel)) \(d.intake) · \(HTML.esc(closedLabel)) \(d.closedOnTime)</title></rect>"
        }
        let points = days.enumerated().map { i, d in "\(n(left + (Double(i) + 0.5) * step)),\(n(y(d.closedOnTime)))" }.joined(separator: " ")
        out += "<polyline class=\"line\" points=\"\(points)\"></polyline>"
        out += "<text class=\"tick\" x=\"\(n(left))\" y=\"\(n(height - 8))\">\(HTML.esc(String(days[0].day.suffix(5))))</text>"
        out += "<text class=\"tick\" x=\"\(n(width))\" y=\"\(n(height - 8))\" text-anchor=\"end\">\(HTML.esc(String(days[days.count - 1].day.suffix(5))))</text>"
        return out + "</svg>"
    }

    static func n(_ v: Double) -> String { GridSVG.num(v) }
}
