import Foundation
@testable import RegieReports
import Testing

@Suite("Charts")
struct ChartTests {
    @Test("Axes use round steps of 1, 2 or 5 × 10ⁿ, whole steps for counts, and enough decimals to tell ticks apart")
    func axes() {
        // A count of at most 10: whole steps, never 2.5 shown as "2".
        let counts = Chart.Axis(maximum: 10, wholeNumbers: true)
        #expect(counts.step == 2 || counts.step == 5, "\(counts)")
        #expect(counts.ticks.allSatisfy { $0 == $0.rounded() })
        #expect(counts.decimals == 0)
        // Small counts never show halves.
        let few = Chart.Axis(maximum: 3, wholeNumbers: true)
        #expect(few.step == 1)
        #expect(few.ticks == [0, 1, 2, 3])
        // A rate below 1: steps of 0.1 or 0.2 with one decimal, so "0,0" never stands three times.
        let rate = Chart.Axis(maximum: 0.7, wholeNumbers: false)
        #expect([0.1, 0.2].contains(rate.step), "\(rate)")
        #expect(rate.decimals == 1)
        let labels = rate.ticks.map { Format.decimal($0, digits: rate.decimals) }
        #expect(Set(labels).count == labels.count, "\(labels)")
        // Larger figures: 1, 2 or 5 times a power of ten, the top at or just above the maximum.
        for maximum in [7.3, 12, 48, 99, 101, 240, 1_234, 56_789] {
            let axis = Chart.Axis(maximum: maximum, wholeNumbers: false)
            let magnitude = pow(10, floor(log10(axis.step)))
            #expect([1.0, 2, 5].contains((axis.step / magnitude).rounded()), "\(maximum): \(axis)")
            #expect(axis.top >= maximum && axis.top < maximum + axis.step, "\(maximum): \(axis)")
            #expect((3...8).contains(axis.ticks.count - 1), "\(maximum): \(axis.ticks)")
            let text = axis.ticks.map { Format.decimal($0, digits: axis.decimals) }
            #expect(Set(text).count == text.count, "\(maximum): \(text)")
        }
        #expect(Chart.Axis(maximum: 0, wholeNumbers: true).ticks == [0, 1, 2, 3, 4])
    }

    @Test("Each chart comes wide and narrow, drawn at the size it is shown, with 12-px text")
    func variants() {
        let markup = HTMLNodeProbe.render(Chart.lines(id: "x", title: "Woninginbraak", description: "Daalt.",
                                                      labels: (2015...2024).map(String.init),
                                                      lines: [.init(name: "Stadskanaal", values: (0..<10).map { Double($0) })], unit: "aantal"))
        #expect(markup.contains(#"class="chart chart-wide" width="640.0""#))
        #expect(markup.contains(#"class="chart chart-narrow" width="340.0""#))
        #expect(!markup.contains(#"font-size="6"#))
        #expect(markup.components(separatedBy: "<svg").count == 3)
        #expect(markup.contains(#"id="x-titel""#) && markup.contains(#"id="x-smal-titel""#), "no duplicate ids")
    }
}

import RegieHTML

enum HTMLNodeProbe {
    static func render(_ markup: TrustedMarkup) -> String { HTMLNode.trusted(markup).render() }
}
