import ArgumentParser
import Foundation
import RegieCore
import RegieReports
import RegieWeb

/// `regie data analyse GM0037`: the safety analysis of a municipality or district on the
/// command line, and with `--herhaal` the time it takes to build (for the benchmark).
struct AnalyseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyse",
        abstract: "Toon de veiligheidsanalyse van een gemeente of wijk uit de ingelezen cijfers.",
        discussion: "Met --herhaal N wordt de analyse N keer opgebouwd en worden de mediaan en het 95e percentiel van de rekentijd getoond.")

    @Argument(help: "Gemeentecode (GM0037) of wijkcode (WK003701).")
    var region: String

    @Option(name: .customLong("periode"), help: "Eerste en laatste jaar, bijv. 2019-2023 (anders de laatste vijf jaar met cijfers).")
    var period: String?

    @Option(name: .customLong("herhaal"), help: "Bouw de analyse zo vaak op en meet de tijd.")
    var repetitions: Int = 0

    @Option(name: .customLong("gemeenten"), help: "Meet de tijd voor zoveel willekeurige gemeenten uit de ingelezen cijfers (met --herhaal).")
    var municipalities: Int = 0

    func run() async throws {
        guard let code = RegionCode(region), [.municipality, .district].contains(code.level), let municipality = code.municipality else {
            throw ValidationError("\"\(region)\" is geen gemeentecode (GM0037) of wijkcode (WK003701).")
        }
        var years: YearRange?
        if let period {
            let parts = period.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, let range = YearRange(first: parts[0], last: parts[1]) else {
                throw ValidationError("\"\(period)\" is geen periode; geef het eerste en laatste jaar, bijv. 2019-2023.")
            }
            years = range
        }
        let repeatCount = max(0, repetitions)
        let sampleSize = max(0, municipalities)
        try await RegieRuntime.withStatistics(try RegieConfiguration.fromEnvironment()) { repository in
            let builder = SafetyAnalysisBuilder(repository: repository)
            func area(for code: RegionCode) async throws -> AnalysisArea {
                var name = code.rawValue
                for table in try await repository.tables() {
                    if let found = try await repository.regionNames(table: table.identifier, regions: .codes([code]))[code] { name = found; break }
                }
                let municipality = code.municipality!
                return code.level == .district
                    ? AnalysisArea(name: name, municipalities: [municipality], district: code,
                                   groups: [ComparisonGroup(name: municipality.rawValue, municipalities: [municipality])])
                    : AnalysisArea(name: name, municipalities: [municipality])
            }
            let analysis = try await builder.analyse(try await area(for: code), series: SeriesCatalogue.defaults, years: years)
            for line in AnalysisText.lines(analysis) { say(line) }
            guard repeatCount > 0 else { return }
            // Which areas to time: the one asked for, or a sample of all municipalities with figures.
            var areas = [try await area(for: code)]
            if sampleSize > 0 {
                var codes: Set<RegionCode> = []
                for table in try await repository.tables() {
                    for (region, _) in try await repository.regionNames(table: table.identifier, regions: .level(.municipality)) { codes.insert(region) }
                }
                var generator = SystemRandomNumberGenerator()
                areas = []
                for region in Array(codes).shuffled(using: &generator).prefix(sampleSize) { areas.append(try await area(for: region)) }
            }
            var durations: [Double] = []
            for index in 0..<repeatCount {
                let started = ContinuousClock.now
                _ = try await builder.analyse(areas[index % areas.count], series: SeriesCatalogue.defaults, years: years)
                let elapsed = ContinuousClock.now - started
                durations.append(Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            durations.sort()
            func percentile(_ p: Double) -> Double { durations[min(durations.count - 1, Int((Double(durations.count) * p).rounded(.up)) - 1)] }
            say(String(format: "\nAnalyse opgebouwd %d keer over %d gebied(en), %d reeksen: mediaan %.1f ms, p95 %.1f ms, max %.1f ms",
                       durations.count, areas.count, SeriesCatalogue.defaults.count, percentile(0.5), percentile(0.95), durations.last ?? 0))
        }
    }
}
