/// Charts of the policy reports as standalone SVG (issue 6 point 4): a title, a subtitle saying what and when,
/// labelled axes with units (元 for money, % for shares), a legend, and the values written on the chart, so a
/// downloaded file reads on its own. Pure string building: no I/O, no fonts measured, deterministic output.
package enum SVGChart {
    /// One monthly series of a trend chart.
    package struct Series: Sendable, Equatable {
        /// How a series is drawn.
        package enum Style: Sendable, Equatable { case bars, line }

        package var name: String
        package var values: [Fen]
        package var style: Style

        package init(name: String, values: [Fen], style: Style) {
            self.name = name
            self.values = values
            self.style = style
        }
    }

    /// One bar of a share chart.
    package struct ShareBar: Sendable, Equatable {
        package var label: String
        package var share: BasisPoints
        /// Written after the percentage, e.g. `12 345.00 元 / 20 000.00 元`.
        package var detail: String

        package init(label: String, share: BasisPoints, detail: String) {
            self.label = label
            self.share = share
            self.detail = detail
        }
    }

    static let width = 960
    static let font = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif\""
    static let palette = ["#2f6db5", "#d9822b", "#3a9a5b", "#b53a3a"]

    // MARK: - Monthly trend

    /// A chart over months: bars and lines in 元 against labelled months, with an optional horizontal reference
    /// line (e.g. the reserved amount).
    package static func monthly(
        title: String, subtitle: String, months: [String], series: [Series], reference: (label: String, value: Fen)?
    ) -> String {
        let height = 520
        let left = 120
        let right = 40
        let top = 96
        let bottom = 80
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        var maximum = series.flatMap(\.values).map(\.rawValue).max() ?? 0
        if let reference { maximum = max(maximum, reference.value.rawValue) }
        let minimum = min(0, series.flatMap(\.values).map(\.rawValue).min() ?? 0)
        let ticks = niceTicks(minimum: minimum, maximum: maximum)
        let low = ticks.first ?? 0
        let high = ticks.last ?? 1
        let span = max(high - low, 1)
        func y(_ fen: Int64) -> Int { top + plotHeight - Int((Int128(fen - low) * Int128(plotHeight)) / Int128(span)) }
        let slots = max(months.count, 1)
        let slot = plotWidth / slots
        func x(_ index: Int) -> Int { left + slot * index + slot / 2 }

        var svg = header(height: height, title: title, subtitle: subtitle)
        // Axes, grid and labels.
        for tick in ticks {
            let ty = y(tick)
            svg += "<line x1=\"\(left)\" y1=\"\(ty)\" x2=\"\(left + plotWidth)\" y2=\"\(ty)\" stroke=\"#e0e0e0\"/>\n"
            svg += text(x: left - 8, y: ty + 4, anchor: "end", size: 12, fill: "#444", yuanLabel(tick))
        }
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(top + plotHeight)\" stroke=\"#333\"/>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(y(max(low, 0)))\" x2=\"\(left + plotWidth)\" y2=\"\(y(max(low, 0)))\" stroke=\"#333\"/>\n"
        svg += "<text x=\"24\" y=\"\(top + plotHeight / 2)\" text-anchor=\"middle\" font-size=\"13\" fill=\"#333\" "
            + "transform=\"rotate(-90 24 \(top + plotHeight / 2))\">金额（元）</text>\n"
        for (index, month) in months.enumerated() {
            svg += text(x: x(index), y: top + plotHeight + 20, anchor: "middle", size: 12, fill: "#444", month)
        }
        svg += text(x: left + plotWidth / 2, y: height - 30, anchor: "middle", size: 13, fill: "#333", "月份")
        // Series.
        let barSeries = series.enumerated().filter { $0.element.style == .bars }
        let barWidth = max(4, (slot * 7 / 10) / max(barSeries.count, 1))
        for (position, (colorIndex, bars)) in barSeries.enumerated() {
            let color = palette[colorIndex % palette.count]
            for (index, value) in bars.values.enumerated() where index < slots {
                let x0 = x(index) - (barWidth * barSeries.count) / 2 + position * barWidth
                let y0 = y(max(value.rawValue, 0))
                let y1 = y(min(value.rawValue, 0))
                svg += "<rect x=\"\(x0)\" y=\"\(y0)\" width=\"\(barWidth - 2)\" height=\"\(max(y1 - y0, 0))\" "
                    + "fill=\"\(color)\"><title>\(escape(bars.name)) \(escape(months[safe: index] ?? "")): "
                    + "\(yuanLabel(value.rawValue)) 元</title></rect>\n"
            }
        }
        for (colorIndex, line) in series.enumerated() where line.style == .line {
            let color = palette[colorIndex % palette.count]
            let points = line.values.prefix(slots).enumerated().map { "\(x($0.offset)),\(y($0.element.rawValue))" }
            svg += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" "
                + "stroke-width=\"2.5\"/>\n"
            for (index, value) in line.values.prefix(slots).enumerated() {
                svg += "<circle cx=\"\(x(index))\" cy=\"\(y(value.rawValue))\" r=\"3.5\" fill=\"\(color)\"><title>"
                    + "\(escape(line.name)) \(escape(months[safe: index] ?? "")): \(yuanLabel(value.rawValue)) 元"
                    + "</title></circle>\n"
            }
            if let last = line.values.prefix(slots).last {
                svg += text(
                    x: x(min(line.values.count, slots) - 1), y: y(last.rawValue) - 10, anchor: "middle", size: 12,
                    fill: color, yuanLabel(last.rawValue) + " 元")
            }
        }
        if let reference {
            let ry = y(reference.value.rawValue)
            svg += "<line x1=\"\(left)\" y1=\"\(ry)\" x2=\"\(left + plotWidth)\" y2=\"\(ry)\" stroke=\"#b53a3a\" "
                + "stroke-width=\"2\" stroke-dasharray=\"8 5\"/>\n"
            svg += text(
                x: left + plotWidth - 4, y: ry - 6, anchor: "end", size: 12, fill: "#b53a3a",
                "\(reference.label)：\(yuanLabel(reference.value.rawValue)) 元")
        }
        // Legend.
        var legendX = left
        for (colorIndex, entry) in series.enumerated() {
            let color = palette[colorIndex % palette.count]
            svg += entry.style == .bars
                ? "<rect x=\"\(legendX)\" y=\"\(top - 22)\" width=\"14\" height=\"10\" fill=\"\(color)\"/>\n"
                : "<line x1=\"\(legendX)\" y1=\"\(top - 17)\" x2=\"\(legendX + 14)\" y2=\"\(top - 17)\" stroke=\"\(color)\" "
                    + "stroke-width=\"2.5\"/>\n"
            svg += text(x: legendX + 20, y: top - 13, anchor: "start", size: 12, fill: "#333", entry.name + "（元）")
            legendX += 40 + 14 * (entry.name.count + 3)
        }
        return svg + "</svg>\n"
    }

    // MARK: - Shares

    /// Horizontal bars of shares (0–100 %), one per row, with an optional target line (e.g. the 80 % green
    /// target) and each bar's percentage and amounts written next to it.
    package static func shares(title: String, subtitle: String, bars: [ShareBar], target: (label: String, share: BasisPoints)?)
        -> String
    {
        let rowHeight = 30
        let left = 220
        let right = 300
        let top = 104
        let plotWidth = width - left - right
        let plotHeight = max(rowHeight * bars.count, rowHeight)
        let height = top + plotHeight + 80
        func x(_ share: BasisPoints) -> Int { left + Int(max(0, min(10_000, share.rawValue))) * plotWidth / 10_000 }

        var svg = header(height: height, title: title, subtitle: subtitle)
        for percent in stride(from: 0, through: 100, by: 20) {
            let tx = x(.percent(Int32(percent)))
            svg += "<line x1=\"\(tx)\" y1=\"\(top)\" x2=\"\(tx)\" y2=\"\(top + plotHeight)\" stroke=\"#e0e0e0\"/>\n"
            svg += text(x: tx, y: top + plotHeight + 18, anchor: "middle", size: 12, fill: "#444", "\(percent)%")
        }
        svg += text(x: left + plotWidth / 2, y: top + plotHeight + 44, anchor: "middle", size: 13, fill: "#333", "占比（%）")
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(top + plotHeight)\" stroke=\"#333\"/>\n"
        if bars.isEmpty {
            svg += text(x: left + 8, y: top + 20, anchor: "start", size: 13, fill: "#666", "本期无数据")
        }
        for (index, bar) in bars.enumerated() {
            let y0 = top + index * rowHeight + 5
            let color = target.map { bar.share >= $0.share } == false ? "#d9822b" : "#2f6db5"
            svg += text(x: left - 8, y: y0 + 15, anchor: "end", size: 12, fill: "#333", bar.label)
            svg += "<rect x=\"\(left)\" y=\"\(y0)\" width=\"\(x(bar.share) - left)\" height=\"\(rowHeight - 10)\" "
                + "fill=\"\(color)\"><title>\(escape(bar.label)): \(bar.share)</title></rect>\n"
            svg += text(
                x: x(bar.share) + 6, y: y0 + 15, anchor: "start", size: 12, fill: "#333", "\(bar.share)  \(bar.detail)")
        }
        if let target {
            let tx = x(target.share)
            svg += "<line x1=\"\(tx)\" y1=\"\(top - 6)\" x2=\"\(tx)\" y2=\"\(top + plotHeight)\" stroke=\"#b53a3a\" "
                + "stroke-width=\"2\" stroke-dasharray=\"8 5\"/>\n"
            svg += text(
                x: tx, y: top - 10, anchor: "middle", size: 12, fill: "#b53a3a", "\(target.label) \(target.share)")
        }
        return svg + "</svg>\n"
    }

    // MARK: - Pieces

    static func header(height: Int, title: String, subtitle: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" \(font) role=\"img\" aria-label=\"\(escape(title))\">\n"
            + "<title>\(escape(title))</title>\n<desc>\(escape(subtitle))</desc>\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
            + text(x: width / 2, y: 34, anchor: "middle", size: 20, fill: "#111", title, bold: true)
            + text(x: width / 2, y: 58, anchor: "middle", size: 13, fill: "#555", subtitle)
    }

    static func text(
        x: Int, y: Int, anchor: String, size: Int, fill: String, _ content: String, bold: Bool = false
    ) -> String {
        "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(fill)\""
            + (bold ? " font-weight=\"bold\"" : "") + ">\(escape(content))</text>\n"
    }

    /// XML text and attribute escaping.
    package static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Fen as 元 with thousands separators; whole 元 when the fen part is zero: `12,345` or `12,345.67`.
    package static func yuanLabel(_ fen: Int64) -> String {
        let magnitude = fen.magnitude
        let yuan = String(magnitude / 100)
        var grouped = ""
        for (index, digit) in yuan.enumerated() {
            if index > 0, (yuan.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let cents = magnitude % 100
        let fraction = cents == 0 ? "" : ".\(cents < 10 ? "0" : "")\(cents)"
        return (fen < 0 ? "-" : "") + grouped + fraction
    }

    /// Axis ticks in fen at a 1-2-5 step, from at most `minimum` to at least `maximum`, about five of them.
    package static func niceTicks(minimum: Int64, maximum: Int64) -> [Int64] {
        let range = max(maximum - min(minimum, 0), 100)
        var step: Int64 = 100  // 1 元
        while range / step > 5 {
            let mantissa = String(step).first
            step = mantissa == "2" ? step / 2 * 5 : step * 2
        }
        let low = minimum < 0 ? -((-minimum + step - 1) / step) * step : 0
        var ticks: [Int64] = []
        var tick = low
        while ticks.count < 20 {
            ticks.append(tick)
            if tick >= maximum && ticks.count >= 2 { break }
            tick += step
        }
        return ticks
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
