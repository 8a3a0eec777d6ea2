import Foundation

/// A small line chart written as standalone SVG: axes with rounded ticks, one polyline per
/// series, a legend. Enough for training curves; no dependencies.
public struct SVGChart: Sendable {
    /// One line of the chart.
    public struct Series: Sendable {
        public var name: String
        /// CSS colour, e.g. `#1f77b4`.
        public var colour: String
        public var points: [(x: Double, y: Double)]

        public init(name: String, colour: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.colour = colour
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var width = 640.0
    public var height = 360.0
    /// Most points drawn per series; longer series are thinned evenly.
    public var maxPoints = 1500

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// The SVG document.
    ///
    /// - Complexity: O(points).
    public func render() -> String {
        let (left, right, top, bottom) = (64.0, 16.0, 36.0, 48.0)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        var (x0, x1) = (all.map(\.x).min() ?? 0, all.map(\.x).max() ?? 1)
        var (y0, y1) = (all.map(\.y).min() ?? 0, all.map(\.y).max() ?? 1)
        if x1 <= x0 { x1 = x0 + 1 }
        if y1 <= y0 { (y0, y1) = (y0 - 0.5, y1 + 0.5) }
        let yTicks = Self.ticks(y0, y1), xTicks = Self.ticks(x0, x1)
        (y0, y1) = (min(y0, yTicks.first ?? y0), max(y1, yTicks.last ?? y1))
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotWidth }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotHeight }
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(width / 2)" y="20" text-anchor="middle" font-size="14">\(Self.escape(title))</text>

        """
        for tick in yTicks where tick >= y0 && tick <= y1 {
            let y = Self.number(py(tick))
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + plotWidth)\" y2=\"\(y)\" stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(left - 6)\" y=\"\(y)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(Self.label(tick))</text>\n"
        }
        for tick in xTicks where tick >= x0 && tick <= x1 {
            let x = Self.number(px(tick))
            svg += "<line x1=\"\(x)\" y1=\"\(top + plotHeight)\" x2=\"\(x)\" y2=\"\(top + plotHeight + 4)\" stroke=\"#333\"/>\n"
            svg += "<text x=\"\(x)\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\">\(Self.label(tick))</text>\n"
        }
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"#333\"/>\n"
        svg += "<text x=\"\(left + plotWidth / 2)\" y=\"\(height - 10)\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        svg += "<text x=\"14\" y=\"\(top + plotHeight / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(top + plotHeight / 2))\">\(Self.escape(yLabel))</text>\n"
        for (index, line) in series.enumerated() {
            let points = line.points.filter { $0.x.isFinite && $0.y.isFinite }
            let step = max(1, (points.count + maxPoints - 1) / maxPoints)
            var kept = stride(from: 0, to: points.count, by: step).map { points[$0] }
            if let last = points.last, step > 1 { kept.append(last) }
            let path = kept.map { "\(Self.number(px($0.x))),\(Self.number(py($0.y)))" }.joined(separator: " ")
            if kept.count == 1 {
                svg += "<circle cx=\"\(Self.number(px(kept[0].x)))\" cy=\"\(Self.number(py(kept[0].y)))\" r=\"3\" fill=\"\(line.colour)\"/>\n"
            } else if !kept.isEmpty {
                svg += "<polyline fill=\"none\" stroke=\"\(line.colour)\" stroke-width=\"1.5\" points=\"\(path)\"/>\n"
            }
            let legendY = top + 14 + Double(index) * 16
            svg += "<line x1=\"\(left + plotWidth - 120)\" y1=\"\(legendY)\" x2=\"\(left + plotWidth - 100)\" y2=\"\(legendY)\" stroke=\"\(line.colour)\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(left + plotWidth - 94)\" y=\"\(legendY)\" dominant-baseline=\"middle\">\(Self.escape(line.name))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// About five round tick values covering [low, high] (steps of 1, 2 or 5 × 10ⁿ).
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let raw = (high - low) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var tick = floor(low / step) * step
        var result: [Double] = []
        while tick <= high + step * 1e-9 && result.count < 20 {
            result.append(tick)
            tick += step
        }
        return result
    }

    static func label(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e7 { return String(Int(value)) }
        return String(format: abs(value) < 0.01 ? "%.2g" : "%.3g", value)
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

extension SVGChart {
    /// The three training plots (loss, temperature, held-out recall) for `rows`, by file name.
    public static func trainingPlots(_ rows: [MetricsRow]) -> [(name: String, svg: String)] {
        let loss = SVGChart(title: "Training loss", xLabel: "step", yLabel: "loss",
                            series: [Series(name: "loss", colour: "#1f77b4", points: rows.map { (Double($0.step), Double($0.loss)) })])
        let temperature = SVGChart(title: "Temperature (1 / logit scale)", xLabel: "step", yLabel: "temperature",
                                   series: [Series(name: "temperature", colour: "#d62728",
                                                   points: rows.map { (Double($0.step), Double($0.temperature)) })])
        let evaluated = rows.filter { $0.recallAt1 != nil }
        let recall = SVGChart(title: "Held-out text→image recall", xLabel: "step", yLabel: "recall",
                              series: [Series(name: "recall@1", colour: "#2ca02c", points: evaluated.map { (Double($0.step), $0.recallAt1!) }),
                                       Series(name: "recall@10", colour: "#9467bd",
                                              points: evaluated.compactMap { row in row.recallAt10.map { (Double(row.step), $0) } })])
        return [("loss.svg", loss.render()), ("temperature.svg", temperature.render()), ("recall.svg", recall.render())]
    }
}
