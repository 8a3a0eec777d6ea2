import Foundation

/// A small inline SVG bar chart: one group of bars per k, for the HTML report.
struct BarChart {
    /// One bar series (a colour in the legend).
    struct Series {
        var name: String
        var colour: String
        /// Values in 0…1, one per group.
        var values: [Double]
    }

    var title: String
    var groups: [String]
    var series: [Series]
    /// Dashed marks at the chance level, one per group (0…1).
    var chance: [Double] = []

    /// The chart as an `<svg>` element (fixed 0…100 % scale).
    ///
    /// - Complexity: O(groups · series).
    func svg(width: Int = 340, height: Int = 158) -> String {
        let (left, bottom, top) = (34.0, 22.0, 30.0)
        let plotHeight = Double(height) - bottom - top
        let groupWidth = (Double(width) - left - 8) / Double(max(groups.count, 1))
        let barWidth = (groupWidth - 10) / Double(max(series.count, 1))
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\">",
                     "<title>\(HTMLText.escape(title))</title>",
                     "<text x=\"4\" y=\"14\" font-size=\"12\" font-weight=\"bold\">\(HTMLText.escape(title))</text>"]
        for tick in [0.0, 0.5, 1.0] {
            let y = top + plotHeight * (1 - tick)
            parts.append(String(format: "<line x1=\"%.1f\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, width - 4, y, y))
            parts.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\">%d%%</text>", left - 3, y + 3, Int(tick * 100)))
        }
        for (g, group) in groups.enumerated() {
            let x0 = left + Double(g) * groupWidth + 5
            for (s, item) in series.enumerated() where g < item.values.count {
                let value = min(max(item.values[g], 0), 1)
                let h = plotHeight * value
                let x = x0 + Double(s) * barWidth
                parts.append(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"", x, top + plotHeight - h, barWidth - 1, h)
                    + item.colour + "\"><title>" + HTMLText.escape("\(item.name) \(group)") + String(format: ": %.1f%%</title></rect>", value * 100))
                parts.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"8\" text-anchor=\"middle\">%.0f</text>",
                                    x + (barWidth - 1) / 2, top + plotHeight - h - 2, value * 100))
            }
            if g < chance.count {
                let y = top + plotHeight * (1 - min(max(chance[g], 0), 1))
                parts.append(String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"3,2\"/>",
                                    x0 - 2, x0 + groupWidth - 8, y, y))
            }
            parts.append(String(format: "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">", x0 + (groupWidth - 10) / 2, height - 6)
                + HTMLText.escape(group) + "</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }
}

/// Escaping for text placed in HTML or SVG.
enum HTMLText {
    /// `text` with `& < > " '` escaped.
    ///
    /// - Complexity: O(text length).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
