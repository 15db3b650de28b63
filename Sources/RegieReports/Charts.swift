import Foundation
import RegieHTML

/// Charts drawn on the server as SVG: no script, no external resources, readable without
/// colour (lines differ in dash pattern and marker, bars carry their value). Each chart has a
/// title and a description for screen readers, and pages always put the numbers in a table
/// beside it.
enum Chart {
    struct Line {
        var name: String
        var values: [Double?]
    }

    static let ink = "#1a1a1a"
    static let grid = "#d0d4d9"
    static let barColour = "#01689b"
    static let width = 640.0
    static let height = 300.0
    static let margin = (top: 20.0, right: 20.0, bottom: 70.0, left: 60.0)
    /// Colours with at least 3:1 contrast on white, each with its own dash pattern.
    static let strokes = [("#01689b", ""), ("#b35900", "7 4"), ("#2e7d32", "2 3"), ("#6a1b9a", "10 3 2 3"), ("#555555", "4 4")]

    /// A line chart of yearly figures (one line per region).
    static func lines(id: String, title: String, description: String, labels: [String], lines: [Line], unit: String) -> TrustedMarkup {
        let all = lines.flatMap { $0.values.compactMap { $0 } }
        let top = niceMaximum(all.max() ?? 0)
        let plotWidth = width - margin.left - margin.right
        let plotHeight = height - margin.top - margin.bottom
        func x(_ index: Int) -> Double {
            labels.count < 2 ? margin.left + plotWidth / 2 : margin.left + plotWidth * Double(index) / Double(labels.count - 1)
        }
        func y(_ value: Double) -> Double { margin.top + plotHeight * (1 - value / top) }

        var svg = open(id: id, title: title, description: description)
        svg += axes(top: top, unit: unit, y: y)
        // At most about twelve labels, so months do not overlap.
        let step = max(1, Int((Double(labels.count) / 12).rounded(.up)))
        for (index, label) in labels.enumerated() where index % step == 0 || index == labels.count - 1 {
            svg += #"<text x="\#(format(x(index)))" y="\#(format(margin.top + plotHeight + 18))" text-anchor="middle" font-size="12" fill="\#(ink)">\#(escape(label))</text>"#
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
            for point in segment(segments) {
                svg += marker(number, at: point, colour: colour)
            }
            // Legend below the axis.
            let legendX = margin.left + Double(number % 3) * 190
            let legendY = height - 30 + Double(number / 3) * 18
            svg += #"<line x1="\#(format(legendX))" y1="\#(format(legendY - 4))" x2="\#(format(legendX + 28))" y2="\#(format(legendY - 4))" stroke="\#(colour)" stroke-width="\#(number == 0 ? 3 : 2)"\#(dash.isEmpty ? "" : #" stroke-dasharray="\#(dash)""#)/>"#
            svg += marker(number, at: (legendX + 14, legendY - 4), colour: colour)
            svg += #"<text x="\#(format(legendX + 34))" y="\#(format(legendY))" font-size="12" fill="\#(ink)">\#(escape(shorten(line.name, 26)))</text>"#
        }
        return TrustedMarkup(markupEscapedByCode: svg + "</svg>")
    }

    /// A bar chart, for example registrations per calendar month.
    static func bars(id: String, title: String, description: String, labels: [String], values: [Double], unit: String) -> TrustedMarkup {
        let top = niceMaximum(values.max() ?? 0)
        let plotWidth = width - margin.left - margin.right
        let plotHeight = height - margin.top - margin.bottom
        func y(_ value: Double) -> Double { margin.top + plotHeight * (1 - value / top) }
        let slot = plotWidth / Double(max(values.count, 1))
        var svg = open(id: id, title: title, description: description)
        svg += axes(top: top, unit: unit, y: y)
        for (index, value) in values.enumerated() {
            let left = margin.left + slot * Double(index) + slot * 0.15
            svg += #"<rect x="\#(format(left))" y="\#(format(y(value)))" width="\#(format(slot * 0.7))" height="\#(format(max(0, margin.top + plotHeight - y(value))))" fill="\#(barColour)"/>"#
            svg += #"<text x="\#(format(left + slot * 0.35))" y="\#(format(margin.top + plotHeight + 18))" text-anchor="middle" font-size="12" fill="\#(ink)">\#(escape(labels[index]))</text>"#
        }
        return TrustedMarkup(markupEscapedByCode: svg + "</svg>")
    }

    private static func segment(_ segments: [[(Double, Double)]]) -> [(Double, Double)] { segments.flatMap { $0 } }

    private static func open(id: String, title: String, description: String) -> String {
        let id = escape(id)
        return #"<svg class="chart" viewBox="0 0 \#(format(width)) \#(format(height))" role="img" aria-labelledby="\#(id)-titel \#(id)-beschrijving" xmlns="http://www.w3.org/2000/svg">"#
            + #"<title id="\#(id)-titel">\#(escape(title))</title><desc id="\#(id)-beschrijving">\#(escape(description))</desc>"#
    }

    private static func axes(top: Double, unit: String, y: (Double) -> Double) -> String {
        var svg = ""
        for step in 0...4 {
            let value = top * Double(step) / 4
            svg += #"<line x1="\#(format(margin.left))" x2="\#(format(width - margin.right))" y1="\#(format(y(value)))" y2="\#(format(y(value)))" stroke="\#(grid)" stroke-width="1"/>"#
            svg += #"<text x="\#(format(margin.left - 8))" y="\#(format(y(value) + 4))" text-anchor="end" font-size="12" fill="\#(ink)">\#(escape(Format.decimal(value, digits: top < 10 ? 1 : 0)))</text>"#
        }
        svg += #"<text x="12" y="\#(format(margin.top + (height - margin.top - margin.bottom) / 2))" font-size="12" fill="\#(ink)" transform="rotate(-90 12 \#(format(margin.top + (height - margin.top - margin.bottom) / 2)))" text-anchor="middle">\#(escape(unit))</text>"#
        return svg
    }

    private static func marker(_ number: Int, at point: (Double, Double), colour: String) -> String {
        let (x, y) = (format(point.0), format(point.1))
        switch number % 3 {
        case 0: return #"<circle cx="\#(x)" cy="\#(y)" r="4" fill="\#(colour)"/>"#
        case 1: return #"<rect x="\#(format(point.0 - 3.5))" y="\#(format(point.1 - 3.5))" width="7" height="7" fill="\#(colour)"/>"#
        default: return #"<path d="M\#(x) \#(format(point.1 - 5)) L\#(format(point.0 + 5)) \#(format(point.1 + 4)) L\#(format(point.0 - 5)) \#(format(point.1 + 4)) Z" fill="\#(colour)"/>"#
        }
    }

    /// A round upper bound for the axis: 1, 2 or 5 times a power of ten.
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for factor in [1.0, 2, 2.5, 5, 10] where factor * magnitude >= value * 1.05 { return factor * magnitude }
        return 10 * magnitude
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func shorten(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    /// Escapes text for SVG (XML) content and attributes.
    static func escape(_ text: String) -> String { HTMLEscaping.escaped(text) }
}
