import Foundation
import RegieCore

/// A statistics repository for imports on behalf of one municipality (the browser): stored
/// figures are shared by every municipality of the deployment, so a file that replaces a table
/// may not drop regions or periods the stored version has, unless that table only holds the
/// municipality's own regions (docs/adr/0009). A download that is added up drops nothing and
/// passes. The check runs when every row has been read and staged, just before the switch; a
/// refusal leaves the stored table as it was.
///
/// It also counts the figures handed on (progress for layouts whose reader reports no rows) and
/// stops at the next block when its task is cancelled.
public struct ReplacementGuard: StatisticsRepository {
    let base: any StatisticsRepository
    /// The municipality whose own tables may shrink.
    let owner: MunicipalityCode
    let stored: Counter

    /// A counter of the figures handed on, readable while the import runs.
    public final class Counter: Sendable {
        private let value = Locked(0)
        public init() {}
        public var count: Int { value.withLock { $0 } }
        func add(_ n: Int) { value.withLock { $0 += n } }
    }

    public init(_ base: any StatisticsRepository, owner: MunicipalityCode, counting counter: Counter = Counter()) {
        self.base = base
        self.owner = owner
        self.stored = counter
    }

    public func store(_ table: StatisticsTable, source: String, mode: StatisticsImportMode,
                      _ produce: @escaping @Sendable (_ store: @escaping @Sendable ([Observation]) async throws -> Void) async throws -> Void)
        async throws -> StatisticsImportOutcome {
        let before = mode == .replace ? try await base.coverage(table: table.identifier) : nil
        let seen = Locked(StatisticsCoverage())
        let counter = stored
        let base = self.base, owner = self.owner
        return try await base.store(table, source: source, mode: mode) { store in
            try await produce { observations in
                try Task.checkCancellation()
                seen.withLock { coverage in
                    for observation in observations {
                        coverage.regions.insert(observation.region)
                        coverage.periods.insert(observation.period)
                    }
                }
                try await store(observations)
                counter.add(observations.count)
            }
            guard let before, !before.holdsOnly(owner), let lost = before.lost(in: seen.withLock { $0 }) else { return }
            let names = try await base.regionNames(table: table.identifier, regions: .codes(Array(lost.regions.prefix(10))))
            throw ImportProblems([Self.problem(lost, table: table.identifier, names: names, file: source)])
        }
    }

    /// The Dutch refusal: which regions and periods the file lacks.
    static func problem(_ lost: (regions: [RegionCode], periods: [StatisticsPeriod]), table: String,
                        names: [RegionCode: String], file: String) -> ImportProblem {
        var parts: [String] = []
        if !lost.regions.isEmpty {
            let listed = lost.regions.prefix(10).map { code in names[code].map { "\($0) (\(code))" } ?? code.rawValue }
            parts.append("\(lost.regions.count == 1 ? "de regio" : "\(lost.regions.count) regio's:") " + listed.joined(separator: ", ")
                         + (lost.regions.count > 10 ? " en meer" : ""))
        }
        if !lost.periods.isEmpty {
            let listed = lost.periods.prefix(10).map(\.words)
            parts.append("\(lost.periods.count == 1 ? "de periode" : "\(lost.periods.count) perioden:") " + listed.joined(separator: ", ")
                         + (lost.periods.count > 10 ? " en meer" : ""))
        }
        return ImportProblem(file: file, line: nil, message:
            "de opgeslagen tabel \(table) heeft cijfers die in dit bestand ontbreken, voor " + parts.joined(separator: " en voor ")
            + ". Die cijfers kunnen ook andere gemeenten gebruiken; daarom vervangt Regie de tabel niet. "
            + "Vink 'Vervang de hele tabel' uit: dan vult dit bestand de tabel aan en blijven de andere cijfers staan. "
            + "Moet de tabel echt worden vervangen, vraag dat dan de applicatiebeheerder (regie data import --vervang)")
    }

    // Reads go to the repository underneath.
    public func observations(table: String, region: RegionCode, measure: String) async throws -> [Observation] {
        try await base.observations(table: table, region: region, measure: measure)
    }
    public func observations(_ query: ObservationQuery) async throws -> [Observation] { try await base.observations(query) }
    public func table(_ identifier: String) async throws -> StatisticsTable? { try await base.table(identifier) }
    public func regionNames(table: String, regions: RegionSelection) async throws -> [RegionCode: String] {
        try await base.regionNames(table: table, regions: regions)
    }
    public func tables() async throws -> [StatisticsTableSummary] { try await base.tables() }
    public func revisions(table: String) async throws -> [StatisticsRevision] { try await base.revisions(table: table) }
    public func revisionChanges(table: String, revision: Int, limit: Int) async throws -> (changes: [StatisticsRevisionChange], total: Int) {
        try await base.revisionChanges(table: table, revision: revision, limit: limit)
    }
    public func coverage(table: String) async throws -> StatisticsCoverage? { try await base.coverage(table: table) }
    public func yearlyTotals(_ query: ObservationQuery, years: ClosedRange<Int>?) async throws -> [YearlyTotal] {
        try await base.yearlyTotals(query, years: years)
    }
    public func periodTotals(_ query: ObservationQuery, skippingMissing: Bool) async throws -> [PeriodTotal] {
        try await base.periodTotals(query, skippingMissing: skippingMissing)
    }
    public func latestPeriod(table: String, measure: String, regions: [RegionCode]) async throws -> StatisticsPeriod? {
        try await base.latestPeriod(table: table, measure: measure, regions: regions)
    }
}

/// A value behind a lock (the package's platforms predate `Mutex`).
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
