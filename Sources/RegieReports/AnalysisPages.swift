import Foundation
import RegieHTML
import RegieCore

/// The safety analysis of a municipality, a district or a collaboration: an overview and, per
/// series, the sentences, a chart, the table and the downloads.
public struct AnalysisPage: Sendable {
    public var title: String
    public var crumbs: [Crumb]
    public var scope: AnalysisScope
    public var analysis: SafetyAnalysis
    /// For a municipality: links from districts to their own analysis.
    public var municipality: MunicipalityCode?
    /// Survey outcomes and own series for the area.
    public var others: [MeasureAnalysis]

    public init(title: String, crumbs: [Crumb], scope: AnalysisScope, analysis: SafetyAnalysis, municipality: MunicipalityCode? = nil,
                others: [MeasureAnalysis] = []) {
        self.title = title
        self.crumbs = crumbs
        self.scope = scope
        self.analysis = analysis
        self.municipality = municipality
        self.others = others
    }

    public func render() -> String {
        let withFigures = analysis.series.filter(\.hasFigures)
        return Layout.page(title: title, crumbs: crumbs, [
            .h1(.text(title)),
            AnalysisSections.lead(analysis),
            .if(withFigures.isEmpty && others.isEmpty, AnalysisSections.noFigures(analysis)),
            .if(!withFigures.isEmpty, .group(
                .section(
                    .h2(.text("Overzicht")),
                    AnalysisTables.overview(analysis).html,
                    .p(Layout.link("Overzicht downloaden (CSV)", .analysisTable(scope, file: "overzicht.csv"))),
                    .nav(.class("contents"), .ariaLabel("Reeksen"), .ol(
                        .forEach(withFigures) { series in .li(.a(.href("#" + series.series.key.rawValue), .text(series.series.title))) },
                        .if(!others.isEmpty, .li(.a(.href("#overige-cijfers"), .text("Veiligheidsmonitor en eigen cijfers"))))
                    ))
                ),
                .forEach(withFigures) { series in
                    .section(.id(series.series.key.rawValue),
                        .h2(.text(series.series.title)),
                        .group(AnalysisSections.series(series, scope: scope, level: 3, municipality: municipality))
                    )
                }
            )),
            AnalysisSections.others(others, area: analysis.area.name, scope: scope),
            AnalysisSections.method()
        ])
    }
}

/// The analysis chapter of a plan: per theme the figures it is linked to and the officer's
/// interpretation (duiding).
public struct AnalysisChapterPage: Sendable {
    public var plan: Plan
    public var analysis: SafetyAnalysis
    public var others: [MeasureAnalysis]

    public init(plan: Plan, analysis: SafetyAnalysis, others: [MeasureAnalysis] = []) {
        self.plan = plan
        self.analysis = analysis
        self.others = others
    }

    public func render() -> String {
        let catalogue = SeriesCatalogue.catalogue(for: plan)
        let scope = AnalysisScope.plan(plan.key)
        return Layout.page(title: "Veiligheidsanalyse – \(plan.title)", crumbs: PlanNav.crumbs(plan), [
            PlanNav.header(plan),
            PlanNav.tabs(plan, current: .analysis(scope)),
            .h2(.text("Veiligheidsanalyse")),
            AnalysisSections.lead(analysis),
            Layout.prose(plan.analysis?.introduction ?? ""),
            .if(!analysis.series.contains(where: \.hasFigures), AnalysisSections.noFigures(analysis)),
            .forEach(plan.allThemes) { theme in
                let linked = SeriesCatalogue.series(for: theme, in: catalogue)
                let figures = linked.compactMap { series in analysis.series.first { $0.series.key == series.key } }
                return .section(.id("thema-" + theme.key.rawValue),
                    .h3(.text(theme.title)),
                    .if(linked.isEmpty, .p(.class("muted"), .text("Aan dit thema zijn geen cijferreeksen van de politie gekoppeld."))),
                    .forEach(figures) { series in
                        .section(.id(theme.key.rawValue + "-" + series.series.key.rawValue),
                            .h4(.text(series.series.title)),
                            .group(AnalysisSections.series(series, scope: scope, level: 5, municipality: nil, idPrefix: theme.key.rawValue + "-"))
                        )
                    },
                    .h4(.text("Duiding")),
                    .if(theme.analysis?.interpretation.isEmpty ?? true,
                        .p(.class("muted"), .text("Nog geen duiding. Voeg die toe in het planbestand bij dit thema onder analyse → duiding: wat verklaart de cijfers, en wat betekenen ze voor de aanpak?")),
                        else: Layout.prose(theme.analysis?.interpretation ?? ""))
                )
            },
            AnalysisSections.others(others, area: analysis.area.name, scope: scope),
            AnalysisSections.method()
        ])
    }
}

enum AnalysisSections {
    static func lead(_ analysis: SafetyAnalysis) -> HTMLNode {
        var text = analysis.years.map { "Cijfers over \($0.lowerBound)–\($0.upperBound) voor \(analysis.area.name)." } ?? "Voor \(analysis.area.name) zijn nog geen cijfers ingelezen."
        let sources = analysis.sources.map { "\($0.title) (\($0.identifier), ingelezen \(Format.dateTime($0.importedAt)), revisie \($0.revision))" }
        if !sources.isEmpty { text += " Bron: CBS / Politie – " + sources.joined(separator: "; ") + "." }
        return .p(.class("lead"), .text(text))
    }

    static func noFigures(_ analysis: SafetyAnalysis) -> HTMLNode {
        .div(.class("notice"),
            .p(.text("Er zijn nog geen cijfers over \(analysis.area.name) ingelezen.")),
            FiguresPage.nextStep()
        )
    }

    static func method() -> HTMLNode {
        .details(
            .summary(.text("Hoe Regie de cijfers beoordeelt")),
            .p(.text("Aantallen misdrijven schommelen ook zonder echte verandering. Regie noemt iets alleen een stijging of daling als toeval een onwaarschijnlijke verklaring is (toets op 5 %): voor een reeks jaren met een log-lineair Poisson-model dat extra spreiding tussen de jaren meeneemt, en rekening houdend met het aantal inwoners als dat bekend is. Onder de \(TrendAnalysis.minimumTotalCount) registraties of bij minder dan \(TrendAnalysis.minimumPeriods) jaren zegt Regie niets over een ontwikkeling.")),
            .p(.text("Een wijk heet alleen opvallend als haar aantal per inwoner duidelijk afwijkt van de rest van de gemeente, gecorrigeerd voor het aantal wijken dat is vergeleken. Het seizoenspatroon wordt getoetst tegen het aantal dagen per maand en de wisselingen van jaar tot jaar.")),
            .p(.text("Politiecijfers zijn registraties: meer aangiftebereidheid of extra handhaving kan een stijging geven zonder dat er meer gebeurt. Daarom hoort bij elke reeks een duiding."))
        )
    }

    /// Survey outcomes and own series, each with its sentence, chart, table and download.
    static func others(_ measures: [MeasureAnalysis], area: String, scope: AnalysisScope) -> HTMLNode {
        .if(!measures.isEmpty, .section(.id("overige-cijfers"),
            .h2(.text("Veiligheidsmonitor en eigen cijfers")),
            .forEach(Array(measures.enumerated())) { index, measure in
                let table = AnalysisTables.measure(measure)
                let sentence = AnalysisWording.measureSentence(measure, area: area)
                let values = measure.figures.map(\.value)
                return .section(
                    .h3(.text(measure.measure.title)),
                    .p(.class("muted"), .text("Bron: \(measure.table.title) (\(measure.table.identifier))" + (measure.measure.unit.map { " · eenheid: \($0)" } ?? ""))),
                    .p(.text(sentence)),
                    .if(values.compactMap { $0 }.count >= 2, .div(.class("chart"), .trusted(Chart.lines(
                        id: "overig-\(index)", title: measure.measure.title, description: sentence + " De cijfers staan in de tabel hieronder.",
                        labels: measure.figures.map { Format.period($0.period) }, lines: [Chart.Line(name: area, values: values)],
                        unit: measure.measure.unit ?? "waarde")))),
                    table.html,
                    .p(Layout.link("Tabel downloaden (CSV)", .analysisTable(scope, file: AnalysisTables.fileName(measure))))
                )
            }
        ))
    }

    static func series(_ series: SeriesAnalysis, scope: AnalysisScope, level: Int, municipality: MunicipalityCode?, idPrefix: String = "") -> [HTMLNode] {
        let key = series.series.key.rawValue
        let years = AnalysisTables.years(series)
        let useRates = series.area.years.filter { $0.ratePerThousand != nil }.count >= 2
        let regions = ([series.area] + series.comparisons).filter { !useRates || $0.years.contains { $0.ratePerThousand != nil } }
        let lines = regions.map { region in
            Chart.Line(name: region.name, values: series.area.years.map { year in
                let figure = region.years.first { $0.year == year.year }
                return useRates ? figure?.ratePerThousand : figure?.count
            })
        }
        let unit = useRates ? "per 1.000 inwoners" : "aantal"
        let sentences = AnalysisWording.sentences(series, area: series.area.name)
        var nodes: [HTMLNode] = [
            .div(.class("statement"), .forEach(sentences) { .p(.text($0)) }),
            .p(.class("muted"), .text("Misdrijfsoorten: " + series.series.crimeTypes.joined(separator: ", ") + (series.source.map { " · tabel \($0)" } ?? ""))),
            .if(series.area.hasFigures, .div(.class("chart"),
                .trusted(Chart.lines(id: idPrefix + key + "-jaren", title: "\(series.series.title), \(unit), per jaar",
                                 description: sentences.joined(separator: " ") + " De cijfers staan in de tabel hieronder.",
                                 labels: series.area.years.map { String($0.year) }, lines: lines, unit: unit))
            )),
            years.html,
            .p(Layout.link("Tabel downloaden (CSV)", .analysisTable(scope, file: key + ".csv"))),
        ]
        if let parts = AnalysisTables.parts(series) {
            nodes.append(Layout.heading("Per misdrijfsoort", level: level))
            nodes.append(parts.html)
            nodes.append(.p(Layout.link("Tabel per misdrijfsoort downloaden (CSV)", .analysisTable(scope, file: key + "-soorten.csv"))))
        }
        if !series.districts.isEmpty {
            nodes.append(Layout.heading("Per wijk", level: level))
            if let sentence = AnalysisWording.districtSentence(series) { nodes.append(.p(.text(sentence))) }
            var table = AnalysisTables.districts(series)
            if let municipality, case .municipality = scope {
                // Names link to the district's own analysis.
                nodes.append(.table(.class("figures"),
                    .caption(.text(table.caption)),
                    .thead(.tr(.forEach(table.headers + table.noteHeaders) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                    .tbody(.forEach(Array(series.districts.enumerated())) { index, district in
                        .tr(.th(.attribute(named: "scope", value: "row"), Layout.link(district.name, .analysis(.district(municipality, district.region)))),
                            .td(.class("num"), .text(Format.count(district.count))),
                            .td(.class("num"), .text(Format.count(district.population))),
                            .td(.class("num"), .text(Format.rate(district.ratePerThousand))),
                            .td(.text(table.notes[index][0])))
                    })))
                table.rows = []
            } else {
                nodes.append(table.html)
            }
            nodes.append(.p(Layout.link("Tabel per wijk downloaden (CSV)", .analysisTable(scope, file: key + "-wijken.csv"))))
        }
        if let pattern = series.monthly, let months = AnalysisTables.months(series) {
            nodes.append(Layout.heading("Per maand", level: level))
            let sentence = AnalysisWording.monthlySentence(pattern)
            nodes.append(.p(.text(sentence)))
            nodes.append(.div(.class("chart"), .trusted(Chart.bars(
                id: idPrefix + key + "-maanden", title: "\(series.series.title) per kalendermaand",
                description: sentence + " De aantallen staan in de tabel hieronder.",
                labels: AnalysisWording.monthAbbreviations, values: pattern.counts, unit: "aantal"))))
            nodes.append(months.html)
            nodes.append(.p(Layout.link("Tabel per maand downloaden (CSV)", .analysisTable(scope, file: key + "-maanden.csv"))))
        }
        return nodes
    }
}
