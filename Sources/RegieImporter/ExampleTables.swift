import Foundation
import RegieCore

/// A statistics repository that stores every table it is handed as invented example data
/// (``StatisticsTable/isExample``): the demo's `voorbeeld-…` tables go through the same
/// importer as real downloads, and only this marks them.
struct ExampleTables: StatisticsRepository {
    let base: any StatisticsRepository

    /// Whether a demo entry (file or folder name) holds invented figures: its name starts with `voorbeeld-`.
    static func isExample(entry name: String) -> Bool {
        name.lowercased().hasPrefix("voorbeeld-")
    }

    func store(_ table: StatisticsTable, source: String, mode: StatisticsImportMode,
               _ produce: @escaping @Sendable (_ store: @escaping @Sendable ([Observation]) async throws -> Void) async throws -> Void)
        async throws -> StatisticsImportOutcome {
        var marked = table
        marked.isExample = true
        return try await base.store(marked, source: source, mode: mode, produce)
    }

    // Reads go to the repository underneath.
    func observations(table: String, region: RegionCode, measure: String) async throws -> [Observation] {
        try await base.observations(table: table, region: region, measure: measure)
    }
    func observations(_ query: ObservationQuery) async throws -> [Observation] { try await base.observations(query) }
    func table(_ identifier: String) async throws -> StatisticsTable? { try await base.table(identifier) }
    func regionNames(table: String, regions: RegionSelection) async throws -> [RegionCode: String] {
        try await base.regionNames(table: table, regions: regions)
    }
    func tables() async throws -> [StatisticsTableSummary] { try await base.tables() }
    func revisions(table: String) async throws -> [StatisticsRevision] { try await base.revisions(table: table) }
    func revisionChanges(table: String, revision: Int, limit: Int) async throws -> (changes: [StatisticsRevisionChange], total: Int) {
        try await base.revisionChanges(table: table, revision: revision, limit: limit)
    }
    func coverage(table: String) async throws -> StatisticsCoverage? { try await base.coverage(table: table) }
    func yearlyTotals(_ query: ObservationQuery, years: ClosedRange<Int>?) async throws -> [YearlyTotal] {
        try await base.yearlyTotals(query, years: years)
    }
    func periodTotals(_ query: ObservationQuery, skippingMissing: Bool) async throws -> [PeriodTotal] {
        try await base.periodTotals(query, skippingMissing: skippingMissing)
    }
    func latestPeriod(table: String, measure: String, regions: [RegionCode]) async throws -> StatisticsPeriod? {
        try await base.latestPeriod(table: table, measure: measure, regions: regions)
    }
}

extension DataImport {
    /// Whether a demo entry (a file or folder in `examples/cijfers`) holds invented example
    /// figures: its name starts with `voorbeeld-`. The other entries are real open data.
    public static func isExampleEntry(_ name: String) -> Bool {
        ExampleTables.isExample(entry: name)
    }
}
