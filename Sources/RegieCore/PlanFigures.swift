import Foundation

// Issue 11, point 4: figures and sources inside the plan.

/// A source the plan's figures come from, such as "CBS, Kerncijfers wijken en buurten 2023".
public struct PlanSource: Hashable, Sendable, Codable {
    public var key: Key
    public var title: String
    /// Who publishes it, such as "CBS" or "Politie".
    public var publisher: String?
    /// The year of the edition used.
    public var year: Int?
    /// Where readers find it: an http or https address.
    public var link: String?

    public init(key: Key, title: String, publisher: String? = nil, year: Int? = nil, link: String? = nil) {
        self.key = key
        self.title = title
        self.publisher = publisher
        self.year = year
        self.link = link
    }

    /// "CBS, Kerncijfers wijken en buurten, 2023"; the year only when the title does not name it.
    public var citation: String {
        let edition = year.map(String.init).flatMap { title.contains($0) ? nil : $0 }
        return ([publisher, title, edition].compactMap { $0 }).joined(separator: ", ")
    }
}

/// One key figure (kerncijfer) the plan quotes, such as the number of burglaries in 2019.
public struct PlanFigure: Hashable, Sendable, Codable {
    public var key: Key
    /// What the figure counts, such as "Woninginbraken".
    public var label: String
    public var value: Decimal
    /// For example "aantal", "per 1.000 inwoners" or "%".
    public var unit: String?
    /// The period the figure is about (a year, years or a quarter).
    public var period: PlannedPeriod?
    /// The area, such as "gemeente Doetinchem" or "wijk De Huet".
    public var area: String?
    /// The key of one of the plan's sources.
    public var source: Key?
    public var note: String?
    /// An http or https address for this figure itself.
    public var link: String?

    public init(key: Key, label: String, value: Decimal, unit: String? = nil, period: PlannedPeriod? = nil,
                area: String? = nil, source: Key? = nil, note: String? = nil, link: String? = nil) {
        self.key = key
        self.label = label
        self.value = value
        self.unit = unit
        self.period = period
        self.area = area
        self.source = source
        self.note = note
        self.link = link
    }
}

/// Whether `text` is an address a reader can follow: http or https with a host, no spaces.
public func isWebLink(_ text: String) -> Bool {
    guard !text.contains(where: \.isWhitespace), let url = URL(string: text),
          let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
          let host = url.host, !host.isEmpty else { return false }
    return true
}

extension Plan {
    /// The source with `key`.
    public func source(_ key: Key) -> PlanSource? { sources.first { $0.key == key } }

    /// The figures an indicator of `theme` may take its baseline from: the plan's and the theme's.
    public func figures(for theme: Theme) -> [PlanFigure] { figures + theme.figures }

    /// Every figure of the plan: plan-wide, then each theme's.
    public var allFigures: [PlanFigure] { figures + allThemes.flatMap(\.figures) }

    /// The baseline of `indicator` of `theme`: its own, or the value and period of the figure it points to.
    public func baseline(of indicator: Indicator, in theme: Theme) -> IndicatorValue? {
        if let key = indicator.baselineFigure {
            guard let figure = figures(for: theme).first(where: { $0.key == key }), let period = figure.period else { return indicator.baseline }
            return IndicatorValue(value: figure.value, period: period)
        }
        return indicator.baseline
    }

    /// The sources the figures use, in the order of `sources`, numbered from 1 on the pages.
    public func citedSources(_ figures: [PlanFigure]) -> [PlanSource] {
        let used = Set(figures.compactMap(\.source))
        return sources.filter { used.contains($0.key) }
    }
}
