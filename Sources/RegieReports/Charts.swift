import Foundation
import RegieHTML

/// Charts drawn on the server as SVG: no script, no external resources, readable without
/// colour (lines differ in dash pattern and marker, bars carry their value). Each chart has a
/// title and a description for screen readers, and pages always put the numbers in a table
/// beside it.
///
/// Every chart is drawn twice: wide for screens, and narrow (fewer labels, legend in one column)
/// for phones; the stylesheet shows one. Both are drawn at the size they are shown, so their
/// text stays 12 px instead of shrinking with the picture.
enum Chart {
    struct Line {
        var name: String
        var values: [Double?]
    }

    static let ink = "#1a1a1a"
    static let grid = "#d0d4d9"
    static let barColour = "#01689b"
    static let fontSize = 12
    /// Colours with at least 3:1 contrast on white, each with its own dash pattern.
    static let strokes = [("#01689b", ""), ("#b35900", "7 4"), ("#2e7d32", "2 3"), ("#6a1b9a", "10 3 2 3"), ("#555555", "4 4")]

    /// The drawing area of one variant.
    struct Frame {
        var width: Double
        var height: Double
        var top = 20.0, right = 16.0, bottom: Double, left: Double
        /// At most this many labels along the horizontal axis.
        var maxLabels: Int
        /// Legend entries per row.
        var legendColumns: Int
        var legendWidth: Double
        var suffix: String
        var className: String

        var plotWidth: Double { width - left - right }
        var plotHeight: Double { height - top - bottom }

        static func wide(legendRows: Int) -> Frame {
            Frame(width: 640, height: 280 + Double(legendRows) * 18, bottom: 50 + Double(legendRows) * 18, left: 64,
                  maxLabels: 12, legendColumns: 3, legendWidth: 190, suffix: "", className: "chart-wide")
        }

        static func narrow(legendRows: Int) -> Frame {
            Frame(width: 340, height: 240 + Double(legendRows) * 18, bottom: 50 + Double(legendRows) * 18, left: 56,
                  maxLabels: 6, legendColumns: 1, legendWidth: 300, suffix: "-smal", className: "chart-narrow")
        }
    }

    /// Round ticks for a vertical axis from zero: steps of 1, 2 or 5 × 10ⁿ, whole steps for
    /// whole numbers, and as many decimals as the step needs to tell ticks apart.
    struct Axis: Equatable {
        var step: Double
        var top: Double
        var decimals: Int

        init(maximum: Double, wholeNumbers: Bool) {
            let maximum = max(maximum, 0)
            guard maximum > 0 else {
                // Nothing but zeros: a short axis, so the line lies on the bottom.
                (self.step, self.top, self.decimals) = wholeNumbers ? (1, 4, 0) : (0.2, 1, 1)
                return
            }
            // The smallest round step that needs at most six intervals to reach the maximum.
            var magnitude = pow(10, floor(log10(maximum / 6)))
            var step = magnitude
            search: while true {
                for factor in [1.0, 2, 5] {
                    step = factor * magnitude
                    if wholeNumbers, step < 1 { continue }
                    if (maximum / step).rounded(.up) <= 6 { break search }
                }
                magnitude *= 10
            }
            self.step = step
            self.top = (maximum / step).rounded(.up) * step
            self.decimals = step >= 1 ? 0 : Int(-floor(log10(step)).rounded())
        }

        /// The values at the gridlines, zero first.
        var ticks: [Double] {
            let count = Int((top / step).rounded())
            return (0...count).map { Double($0) * step }
        }
    }

    /// A line chart of yearly figures (one line per region).
    static func lines(id: String, title: String, description: String, labels: [String], lines: [Line], unit: String) -> TrustedMarkup {
        let all = lines.flatMap { $0.values.compactMap { $0 } }
        let axis = Axis(maximum: all.max() ?? 0, wholeNumbers: all.allSatisfy { $0 == $0.rounded() })
        let wide = lineChart(.wide(legendRows: (lines.count + 2) / 3), id: id, title: title, description: description,
                             labels: labels, lines: lines, unit: unit, axis: axis)
        let narrow = lineChart(.narrow(legendRows: lines.count), id: id, title: title, description: description,
                               labels: labels, lines: lines, unit: unit, axis: axis)
        return TrustedMarkup(markupEscapedByCode: wide + narrow)
    }

    private static func lineChart(_ frame: Frame, id: String, title: String, description: String, labels: [String],
                                  lines: [Line], unit: String, axis: Axis) -> String {
        func x(_ index: Int) -> Double {
            labels.count < 2 ? frame.left + frame.plotWidth / 2 : frame.left + frame.plotWidth * Double(index) / Double(labels.count - 1)
        }
        func y(_ value: Double) -> Double { frame.top + frame.plotHeight * (1 - value / axis.top) }

        var svg = open(frame, id: id, title: title, description: description)
        svg += axes(frame, axis: axis, unit: unit, y: y)
        let step = max(1, Int((Double(labels.count) / Double(frame.maxLabels)).rounded(.up)))
        for (index, label) in labels.enumerated() {
            // Every step-th label and always the last; one too close to the last gives way.
            let last = labels.count - 1
            guard index == last || (index % step == 0 && last - index >= step) else { continue }
            svg += text(label, x: x(index), y: frame.top + frame.plotHeight + 18, anchor: "middle")
        }
        for (number, line) in lines.enumerated() {
            let (colour, dash) = strokes[number % strokes.count]
            // Lines break where a figure is missing rather than bridging the gap.
            var segments: [[(Double, Double)]] = [[]]
            for (index, value) in line.values.enumerated() {
                if let value { segments[segments.count - 1].append((x(index), y(value))) } else if !segments.last!.isEmpty { segments.append([]) }
            }
            for segment in segments where segment.count > 1 {
                let points = segment.map { "\(format($0.0)),\(format($0.1))" }.joined(separator: " ")
                svg += #"<polyline points="\#(points)" fill="none" stroke="\#(colour)" stroke-width="\#(number == 0 ? 3 : 2)"\#(dash.isEmpty ? "" : #" stroke-dasharray="\#(dash)""#)/>"#
            }
            for point in segments.flatMap({ $0 }) {
                svg += marker(number, at: point, colour: colour)
            }
            // Legend below the axis.
            let legendX = frame.left - 40 + Double(number % frame.legendColumns) * frame.legendWidth
            let legendY = frame.top + frame.plotHeight + 44 + Double(number / frame.legendColumns) * 18
            svg += #"<line x1="\#(format(legendX))" y1="\#(format(legendY - 4))" x2="\#(format(legendX + 28))" y2="\#(format(legendY - 4))" stroke="\#(colour)" stroke-width="\#(number == 0 ? 3 : 2)"\#(dash.isEmpty ? "" : #" stroke-dasharray="\#(dash)""#)/>"#
            svg += marker(number, at: (legendX + 14, legendY - 4), colour: colour)
            svg += text(shorten(line.name, frame.legendColumns == 1 ? 40 : 26), x: legendX + 34, y: legendY, anchor: "start")
        }
        return svg + "</svg>"
    }

    /// A bar chart, for example registrations per calendar month.
    static func bars(id: String, title: String, description: String, labels: [String], values: [Double], unit: String) -> TrustedMarkup {
        let axis = Axis(maximum: values.max() ?? 0, wholeNumbers: values.allSatisfy { $0 == $0.rounded() })
        let wide = barChart(.wide(legendRows: 0), id: id, title: title, description: description, labels: labels, values: values,
                            unit: unit, axis: axis)
        let narrow = barChart(.narrow(legendRows: 0), id: id, title: title, description: description, labels: labels, values: values,
                              unit: unit, axis: axis)
        return TrustedMarkup(markupEscapedByCode: wide + narrow)
    }

    private static func barChart(_ frame: Frame, id: String, title: String, description: String, labels: [String], values: [Double],
                                 unit: String, axis: Axis) -> String {
        func y(_ value: Double) -> Double { frame.top + frame.plotHeight * (1 - value / axis.top) }
        let slot = frame.plotWidth / Double(max(values.count, 1))
        // Twelve month names do not fit a phone: every other one there.
        let labelStep = max(1, Int((Double(values.count) / Double(frame.maxLabels)).rounded(.up)))
        var svg = open(frame, id: id, title: title, description: description)
        svg += axes(frame, axis: axis, unit: unit, y: y)
        for (index, value) in values.enumerated() {
            let left = frame.left + slot * Double(index) + slot * 0.15
            svg += #"<rect x="\#(format(left))" y="\#(format(y(value)))" width="\#(format(slot * 0.7))" height="\#(format(max(0, frame.top + frame.plotHeight - y(value))))" fill="\#(barColour)"/>"#
            if index % labelStep == 0 {
                svg += text(labels[index], x: left + slot * 0.35, y: frame.top + frame.plotHeight + 18, anchor: "middle")
            }
        }
        return svg + "</svg>"
    }

    private static func open(_ frame: Frame, id: String, title: String, description: String) -> String {
        let id = escape(id + frame.suffix)
        return #"<svg class="chart \#(frame.className)" width="\#(format(frame.width))" height="\#(format(frame.height))" viewBox="0 0 \#(format(frame.width)) \#(format(frame.height))" role="img" aria-labelledby="\#(id)-titel \#(id)-beschrijving" xmlns="http://www.w3.org/2000/svg">"#
            + #"<title id="\#(id)-titel">\#(escape(title))</title><desc id="\#(id)-beschrijving">\#(escape(description))</desc>"#
    }

    private static func axes(_ frame: Frame, axis: Axis, unit: String, y: (Double) -> Double) -> String {
        var svg = ""
        for value in axis.ticks {
            svg += #"<line x1="\#(format(frame.left))" x2="\#(format(frame.width - frame.right))" y1="\#(format(y(value)))" y2="\#(format(y(value)))" stroke="\#(grid)" stroke-width="1"/>"#
            svg += text(Format.decimal(value, digits: axis.decimals), x: frame.left - 8, y: y(value) + 4, anchor: "end")
        }
        let middle = frame.top + frame.plotHeight / 2
        svg += #"<text x="14" y="\#(format(middle))" font-size="\#(fontSize)" fill="\#(ink)" transform="rotate(-90 14 \#(format(middle)))" text-anchor="middle">\#(escape(unit))</text>"#
        return svg
    }

    private static func text(_ content: String, x: Double, y: Double, anchor: String) -> String {
        #"<text x="\#(format(x))" y="\#(format(y))" text-anchor="\#(anchor)" font-size="\#(fontSize)" fill="\#(ink)">\#(escape(content))</text>"#
    }

    private static func marker(_ number: Int, at point: (Double, Double), colour: String) -> String {
        let (x, y) = (format(point.0), format(point.1))
        switch number % 3 {
        case 0: return #"<circle cx="\#(x)" cy="\#(y)" r="4" fill="\#(colour)"/>"#
        case 1: return #"<rect x="\#(format(point.0 - 3.5))" y="\#(format(point.1 - 3.5))" width="7" height="7" fill="\#(colour)"/>"#
        default: return #"<path d="M\#(x) \#(format(point.1 - 5)) L\#(format(point.0 + 5)) \#(format(point.1 + 4)) L\#(format(point.0 - 5)) \#(format(point.1 + 4)) Z" fill="\#(colour)"/>"#
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func shorten(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    /// Escapes text for SVG (XML) content and attributes.
    static func escape(_ text: String) -> String { HTMLEscaping.escaped(text) }
}

/// Line charts for other modules (the council documents' printable pages), drawn the same way as
/// the analysis pages draw theirs.
public enum LineChartMarkup {
    public static func lines(id: String, title: String, description: String, labels: [String],
                             series: [(name: String, values: [Double?])], unit: String) -> TrustedMarkup {
        Chart.lines(id: id, title: title, description: description, labels: labels,
                    lines: series.map { Chart.Line(name: $0.name, values: $0.values) }, unit: unit)
    }
}
