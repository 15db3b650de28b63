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

extension Plan {
    enum CodingKeys: String, CodingKey {
        case key, kind, title, subtitle, owner, period, status, adoptions, foreword, introduction, missionVision
        case guidingPrinciples, scope, trends, generalGoals, focusLenses, priorityReferences, themes, localChapters
        case partners, consultationBodies, monitoring, finances, analysis
        case sources, figures
    }

    /// Reads stored documents, including those written before plans had sources and figures.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(Key.self, forKey: .key),
                  kind: try c.decode(PlanKind.self, forKey: .kind),
                  title: try c.decode(String.self, forKey: .title),
                  subtitle: try c.decodeIfPresent(String.self, forKey: .subtitle),
                  owner: try c.decode(PlanOwner.self, forKey: .owner),
                  period: try c.decode(YearRange.self, forKey: .period),
                  status: try c.decode(PlanStatus.self, forKey: .status),
                  adoptions: try c.decode([Adoption].self, forKey: .adoptions),
                  foreword: try c.decode(Prose.self, forKey: .foreword),
                  introduction: try c.decode(Prose.self, forKey: .introduction),
                  missionVision: try c.decode(Prose.self, forKey: .missionVision),
                  guidingPrinciples: try c.decode([Section].self, forKey: .guidingPrinciples),
                  scope: try c.decode(Prose.self, forKey: .scope),
                  trends: try c.decode([Section].self, forKey: .trends),
                  generalGoals: try c.decode([String].self, forKey: .generalGoals),
                  focusLenses: try c.decode([Section].self, forKey: .focusLenses),
                  priorityReferences: try c.decode([PriorityReference].self, forKey: .priorityReferences),
                  themes: try c.decode([Theme].self, forKey: .themes),
                  localChapters: try c.decode([LocalChapter].self, forKey: .localChapters),
                  partners: try c.decode([Partner].self, forKey: .partners),
                  consultationBodies: try c.decode([ConsultationBody].self, forKey: .consultationBodies),
                  monitoring: try c.decode(Prose.self, forKey: .monitoring),
                  finances: try c.decode(Finances.self, forKey: .finances),
                  analysis: try c.decodeIfPresent(AnalysisSettings.self, forKey: .analysis),
                  sources: try c.decodeIfPresent([PlanSource].self, forKey: .sources) ?? [],
                  figures: try c.decodeIfPresent([PlanFigure].self, forKey: .figures) ?? [])
    }
}

extension Theme {
    enum CodingKeys: String, CodingKey {
        case key, title, role, direction, field, answers, summary, why, problem, focusPoints, principles, approach
        case ambitions, goals, indicators, actions, tracks, analysis
        case figures
    }

    /// Reads stored documents, including those written before themes had figures.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(Key.self, forKey: .key),
                  title: try c.decode(String.self, forKey: .title),
                  role: try c.decode(ThemeRole.self, forKey: .role),
                  direction: try c.decodeIfPresent(DevelopmentDirection.self, forKey: .direction),
                  field: try c.decodeIfPresent(SafetyField.self, forKey: .field),
                  answers: try c.decode([Key].self, forKey: .answers),
                  summary: try c.decode(Prose.self, forKey: .summary),
                  why: try c.decode(Prose.self, forKey: .why),
                  problem: try c.decode(Prose.self, forKey: .problem),
                  focusPoints: try c.decode(Prose.self, forKey: .focusPoints),
                  principles: try c.decode(Prose.self, forKey: .principles),
                  approach: try c.decode(Prose.self, forKey: .approach),
                  ambitions: try c.decode([String].self, forKey: .ambitions),
                  goals: try c.decode([Goal].self, forKey: .goals),
                  indicators: try c.decode([Indicator].self, forKey: .indicators),
                  actions: try c.decode([Action].self, forKey: .actions),
                  tracks: try c.decode([Track].self, forKey: .tracks),
                  analysis: try c.decodeIfPresent(ThemeAnalysis.self, forKey: .analysis),
                  figures: try c.decodeIfPresent([PlanFigure].self, forKey: .figures) ?? [])
    }
}
