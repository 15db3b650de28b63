import Foundation

/// A series of police-registered crime that the analysis follows: one crime type or the sum of
/// several (violence = 1.4.1 to 1.4.7). Codes are the police classification keys as CBS
/// tables carry them in their `SoortMisdrijf` dimension.
public struct CrimeSeries: Hashable, Sendable, Codable {
    public var key: Key
    public var title: String
    public var crimeTypes: [String]
    /// Words that, found in a theme's title or key, make Regie propose this series for the
    /// theme; the officer confirms a proposal in the editor before readers see the figures.
    public var themeWords: [String]

    public init(key: Key, title: String, crimeTypes: [String], themeWords: [String] = []) {
        self.key = key
        self.title = title
        self.crimeTypes = crimeTypes
        self.themeWords = themeWords
    }

    /// Whether `code` looks like a crime-type key (`1.1.1`, `2.6.10`, `0.0.0`).
    public static func isCrimeTypeCode(_ code: String) -> Bool {
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}

/// The series a municipality starts with: the common safety themes and the crime types that
/// measure them, after the usual indicator choices in Dutch safety plans. A plan can add its own
/// series and link each theme and indicator differently.
public enum SeriesCatalogue {
    ///
    /// The words (last column) are the rules for proposals: each names its series so specifically
    /// that a theme with the word in its title or key is certainly about it ("woninginbraak",
    /// "straatroof", "fietsendiefstal", "drugshandel"). Broad words are left out on purpose, because
    /// real plans use them for themes the series do not measure: "overlast" (neighbours, youth),
    /// "veiligheid" and "fysieke veiligheid" (crisis management, external safety), "radicalisering"
    /// and "polarisatie" (not discrimination), "leefomgeving", "drugs" (use and prevention, not
    /// trade), "ondernemers" and "digitale" (digital resilience of businesses), "brand" (fire safety).
    public static let defaults: [CrimeSeries] = [
        series("totaal-misdrijven", "Totaal geregistreerde misdrijven", ["0.0.0"], ["geregistreerde misdrijven", "geregistreerde criminaliteit"]),
        series("woninginbraak", "Woninginbraak", ["1.1.1"], ["woninginbraak", "woninginbraken", "inbraak in woningen", "inbraken in woningen"]),
        series("high-impact-crimes", "High Impact Crimes", ["1.1.1", "1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.4.6", "1.4.7"], ["high impact crime", "hic"]),
        series("geweld", "Geweld", ["1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.4.6", "1.4.7"], ["geweld", "geweldsdelict", "geweldszaken"]),
        series("straatroof-overval", "Straatroof en overval", ["1.4.6", "1.4.7"], ["straatroof", "overval", "straatoverval", "woningoverval"]),
        series("voertuigcriminaliteit", "Diefstal van en uit voertuigen en fietsen", ["1.2.1", "1.2.2", "1.2.3", "1.2.5"], ["fietsendiefstal", "autodiefstal", "autokraak", "voertuigcriminaliteit", "diefstal uit auto", "diefstal van fietsen"]),
        series("vernieling", "Vernieling en zaakbeschadiging", ["2.2.1"], ["vernieling", "vandalisme", "zaakbeschadiging"]),
        series("overlast-drugs-drank", "Drugs- en drankoverlast", ["2.1.1"], ["drugsoverlast", "drankoverlast", "alcoholoverlast"]),
        series("bedrijvigheid", "Winkeldiefstal en inbraak bij bedrijven", ["2.5.1", "2.5.2", "1.4.7"], ["winkeldiefstal", "bedrijfsinbraak", "inbraak bij bedrijven", "veilig ondernemen"]),
        series("drugs", "Drugshandel", ["3.1.1"], ["drugshandel", "drugscriminaliteit", "drugsproductie", "drugsafval"]),
        series("ondermijning", "Ondermijning (drugs-, wapenhandel, mensenhandel, bijzondere wetten)", ["3.1.1", "3.1.3", "1.6.3", "2.7.2", "2.6.2"], ["ondermijning", "ondermijnende", "georganiseerde criminaliteit", "mensenhandel"]),
        series("cybercrime-fraude", "Cybercrime en fraude", ["3.7.4", "3.9.1", "3.9.2", "3.9.3"], ["cybercrime", "cybercriminaliteit", "fraude", "digitale criminaliteit"]),
        series("verkeer", "Verkeersongevallen en rijden onder invloed", ["1.3.1", "3.5.2"], ["verkeersongeval", "rijden onder invloed", "verkeersveiligheid"]),
        series("brand", "Brand en ontploffing", ["1.6.1"], ["brandstichting", "explosie", "ontploffing"]),
        series("discriminatie", "Discriminatie", ["3.7.1"], ["discriminatie"]),
        series("openbare-orde", "Aantasting openbare orde", ["3.6.4"], ["aantasting openbare orde", "verstoring openbare orde"]),
    ]

    private static func series(_ key: String, _ title: String, _ types: [String], _ words: [String]) -> CrimeSeries {
        CrimeSeries(key: Key(key)!, title: title, crimeTypes: types, themeWords: words)
    }

    /// The series a theme is measured by: those the plan links it to (`analyse: cijfers:`), and
    /// nothing else. Every page and download shows only these; a proposal
    /// (``proposals(for:in:)``) counts once the officer has confirmed it.
    public static func series(for theme: Theme, in catalogue: [CrimeSeries]) -> [CrimeSeries] {
        (theme.analysis?.series ?? []).compactMap { resolve($0, in: catalogue) }
    }

    /// The series Regie proposes for a theme that has no links yet (no `cijfers` at all; an empty
    /// list means "no figures" and gets no proposal): those whose theme words, or whose title,
    /// occur in the theme's title or key. A word matches at the start of a word in the title, so
    /// "overval" matches "Overvallen op winkels". Only the officer sees proposals.
    public static func proposals(for theme: Theme, in catalogue: [CrimeSeries]) -> [CrimeSeries] {
        guard theme.analysis?.series == nil else { return [] }
        // Domestic violence is mostly not in the police's violence figures; a theme only about it
        // is not linked to them, a theme about violence "including domestic violence" is.
        // The theme's other names (issue 11) count as its title: "Ook genoemd: Inbraakpreventie".
        let names = ([theme.title] + theme.aliases).joined(separator: " ")
        let text = (" " + normalised(names + " " + theme.key.rawValue.replacingOccurrences(of: "-", with: " ")) + " ")
            .replacingOccurrences(of: " huiselijk geweld ", with: " ")
        var matches: [CrimeSeries] = []
        for series in catalogue where (series.themeWords + [series.title]).contains(where: { text.contains(" " + normalised($0)) }) {
            matches.append(series)
        }
        // A theme about high impact crimes is measured by that total, not by each of its parts.
        if matches.contains(where: { $0.key.rawValue == "high-impact-crimes" }) {
            matches.removeAll { ["woninginbraak", "geweld", "straatroof-overval"].contains($0.key.rawValue) }
        }
        return matches
    }

    /// A reference from a plan (a series key or a crime-type code) as a series.
    public static func resolve(_ reference: String, in catalogue: [CrimeSeries]) -> CrimeSeries? {
        if let series = catalogue.first(where: { $0.key.rawValue == reference }) { return series }
        guard CrimeSeries.isCrimeTypeCode(reference), let key = Key(Key.slug("soort " + reference)) else { return nil }
        return CrimeSeries(key: key, title: reference, crimeTypes: [reference])
    }

    /// The default series followed by the plan's own, which replace defaults with the same key.
    public static func catalogue(for plan: Plan) -> [CrimeSeries] {
        let own = plan.analysis?.series ?? []
        return defaults.filter { series in !own.contains { $0.key == series.key } } + own
    }

    static func normalised(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "nl_NL")).lowercased()
            .map { $0.isLetter || $0.isNumber ? $0 : " " }.reduce(into: "") { $0.append($1) }
    }
}

/// How a plan sets up its safety analysis.
public struct AnalysisSettings: Hashable, Sendable, Codable {
    /// The years the analysis covers; by default the last five years with figures.
    public var period: YearRange?
    /// Regions to compare with besides the country, such as the police unit (`RE09`).
    public var comparisonRegions: [RegionCode]
    /// The plan's own series, next to (or replacing) the default catalogue.
    public var series: [CrimeSeries]
    /// An introduction to the analysis chapter.
    public var introduction: Prose

    public init(period: YearRange? = nil, comparisonRegions: [RegionCode] = [], series: [CrimeSeries] = [], introduction: Prose = "") {
        self.period = period
        self.comparisonRegions = comparisonRegions
        self.series = series
        self.introduction = introduction
    }
}

/// How a theme is tied to figures and what the officer makes of them.
public struct ThemeAnalysis: Hashable, Sendable, Codable {
    /// Series keys or crime-type codes; nil means "link by the theme's words".
    public var series: [String]?
    /// The officer's interpretation (duiding) of the figures.
    public var interpretation: Prose

    public init(series: [String]? = nil, interpretation: Prose = "") {
        self.series = series
        self.interpretation = interpretation
    }
}

/// An indicator measured by a series, so its measurements fill in from imported figures.
public struct IndicatorSeriesLink: Hashable, Sendable, Codable {
    /// A series key or a crime-type code.
    public var series: String
    public var measure: SeriesMeasure
    /// A district (WK) or neighbourhood (BU) of the plan's municipalities whose figures the
    /// indicator follows; nil for the plan's whole area.
    public var region: RegionCode?

    public init(series: String, measure: SeriesMeasure = .count, region: RegionCode? = nil) {
        self.series = series
        self.measure = measure
        self.region = region
    }
}

/// Which figure of a series an indicator follows.
public enum SeriesMeasure: String, CaseIterable, Hashable, Sendable, Codable {
    case count
    case ratePerThousand
}
