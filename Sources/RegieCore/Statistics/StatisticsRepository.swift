import Foundation

/// A statistics table as Regie stores it: its identifier, title and measures.
public struct StatisticsTable: Hashable, Sendable {
    /// The publisher's identifier, such as `47018NED`.
    public var identifier: String
    public var title: String
    /// The keys of the category dimensions, in the order their keys are joined in
    /// ``StoredObservation/category``.
    public var categoryDimensions: [String]
    /// The figures the table holds (OData topics), with their titles and units.
    public var measures: [StatisticsMeasure]
    /// Titles of the category keys, per category dimension (`SoortMisdrijf` → `1.1.1` →
    /// `Diefstal/inbraak woning`).
    public var categoryTitles: [String: [String: String]]
    /// Names of the regions the table's metadata lists (municipalities, districts, …).
    public var regionNames: [RegionCode: String]
    /// Whether the figures are invented example data (the demo's `voorbeeld-…` tables), never
    /// to be taken for real figures: real tables win over them, and pages say so.
    public var isExample: Bool

    public init(identifier: String, title: String, categoryDimensions: [String],
                measures: [StatisticsMeasure] = [], categoryTitles: [String: [String: String]] = [:],
                regionNames: [RegionCode: String] = [:], isExample: Bool = false) {
        self.identifier = identifier
        self.title = title
        self.categoryDimensions = categoryDimensions
        self.measures = measures
        self.categoryTitles = categoryTitles
        self.regionNames = regionNames
        self.isExample = isExample
    }

    /// The title of a category key, or the key itself when the metadata has none.
    public func title(ofCategory key: String, in dimension: String) -> String {
        categoryTitles[dimension]?[key] ?? key
    }
}

/// A figure a table holds, such as `GeregistreerdeMisdrijven_1` ("Geregistreerde misdrijven", aantal).
public struct StatisticsMeasure: Hashable, Sendable {
    public var key: String
    public var title: String
    public var unit: String?

    public init(key: String, title: String, unit: String? = nil) {
        self.key = key
        self.title = title
        self.unit = unit
    }
}

/// An imported table as listed: what it is, its revision and when it came in.
public struct StatisticsTableSummary: Hashable, Sendable {
    public var identifier: String
    public var title: String
    public var source: String
    public var revision: Int
    public var observations: Int
    public var importedAt: Date
    /// Whether the table holds invented example figures (see ``StatisticsTable/isExample``).
    public var isExample: Bool

    public init(identifier: String, title: String, source: String, revision: Int, observations: Int, importedAt: Date,
                isExample: Bool = false) {
        self.identifier = identifier
        self.title = title
        self.source = source
        self.revision = revision
        self.observations = observations
        self.importedAt = importedAt
        self.isExample = isExample
    }

    /// "Titel (tabel 47018NED)", or "tabel 47018NED" when the title is only the code.
    public var sourceName: String {
        title.caseInsensitiveCompare(identifier) == .orderedSame || title.isEmpty ? "tabel \(identifier)" : "\(title) (tabel \(identifier))"
    }
}

/// Which observations to fetch: one table and measure, some regions, optionally some
/// categories (stored keys, dimensions joined by `|`) and periods.
public struct ObservationQuery: Hashable, Sendable {
    public var table: String
    public var measure: String
    public var regions: RegionSelection
    /// Stored category keys; nil for all.
    public var categories: [String]?
    /// Periods; nil for all.
    public var periods: [StatisticsPeriod]?

    public init(table: String, measure: String, regions: RegionSelection, categories: [String]? = nil,
                periods: [StatisticsPeriod]? = nil) {
        self.table = table
        self.measure = measure
        self.regions = regions
        self.categories = categories
        self.periods = periods
    }
}

/// A set of regions to fetch.
public enum RegionSelection: Hashable, Sendable {
    case codes([RegionCode])
    /// Every region of `level` (district or neighbourhood) inside a municipality.
    case within(MunicipalityCode, RegionLevel)
    /// Every region of a level in the whole table (all municipalities, for a national total).
    case level(RegionLevel)
}

/// What importing a table did.
public struct StatisticsImportOutcome: Hashable, Sendable {
    /// 1 for a first import; higher when a revised table replaced an earlier import.
    public var revision: Int
    public var observations: Int
    /// Observations the previous revision had; nil on a first import.
    public var previousObservations: Int?

    public init(revision: Int, observations: Int, previousObservations: Int?) {
        self.revision = revision
        self.observations = observations
        self.previousObservations = previousObservations
    }
}

/// Why storing imported figures failed, in terms a message can use without repeating the
/// database's own words (which may hold SQL and values).
public enum StatisticsStoreFailure: Error, Hashable, Sendable {
    /// The same figure twice: the stored keys of region, period, category (dimensions joined
    /// by `|`) and measure.
    case duplicate(region: String, period: String, category: String, measure: String)
    /// Another program kept the database busy for too long.
    case busy
    /// The database could not be reached, or the connection broke.
    case unavailable
    /// The disk of the database is full.
    case full
    /// The database may not be written (read-only file, no permission).
    case readOnly
    /// Another import of the same table was switched in while this one ran.
    case concurrentImport
    /// Anything else; the name of the kind of error, never its text.
    case other(String)
}

/// Where imported figures are kept.
public protocol StatisticsRepository: Sendable {
    /// Replaces every observation of `table` with those that `produce` hands to its `store`
    /// argument. The figures are written in short transactions into a staging area while
    /// readers keep seeing the stored table; only when `produce` has finished are they switched
    /// in, in one short transaction. When `produce` throws (or the import is killed) the stored
    /// table stays as it was; what was staged is removed, at the latest by the next import. A
    /// repeated import of the same table replaces the earlier one and counts a new revision.
    /// - Throws: ``StatisticsStoreFailure`` when the database refuses a write.
    func replace(_ table: StatisticsTable, source: String,
                 _ produce: @escaping @Sendable (_ store: @escaping @Sendable ([Observation]) async throws -> Void) async throws -> Void)
        async throws -> StatisticsImportOutcome

    /// The observations of one table for one region and measure, oldest period first.
    func observations(table: String, region: RegionCode, measure: String) async throws -> [Observation]

    /// The observations a query selects, in no particular order. Values are as stored.
    func observations(_ query: ObservationQuery) async throws -> [Observation]

    /// A stored table with its measures and category titles; nil when absent. Region names are
    /// left out (a national table lists 18,000 regions); ask ``regionNames(table:regions:)``.
    func table(_ identifier: String) async throws -> StatisticsTable?

    /// The names the table's metadata gives the selected regions.
    func regionNames(table: String, regions: RegionSelection) async throws -> [RegionCode: String]

    /// Every imported table, by identifier.
    func tables() async throws -> [StatisticsTableSummary]

    /// The regions and periods the stored table has figures for; nil when there is no such table.
    func coverage(table: String) async throws -> StatisticsCoverage?

    /// Yearly totals per region and stored category over `years`, added up by the database: a
    /// year as published, or the sum of its twelve months when all twelve are there. A total is
    /// nil when a part was not published. The query's `periods` are ignored.
    /// `years` nil means every year in the table.
    func yearlyTotals(_ query: ObservationQuery, years: ClosedRange<Int>?) async throws -> [YearlyTotal]

    /// Totals per period and stored category over all the selected regions, added up by the
    /// database. With `skippingMissing` false a total is nil when any region's figure is missing
    /// or unpublished; with true the published figures are added up (the country's population
    /// from every municipality that existed that year).
    func periodTotals(_ query: ObservationQuery, skippingMissing: Bool) async throws -> [PeriodTotal]

    /// The latest period with any figure for these regions, or nil when there is none.
    func latestPeriod(table: String, measure: String, regions: [RegionCode]) async throws -> StatisticsPeriod?

    /// Runs several reads on one database session (one connection), which is faster than
    /// taking a pooled connection per query.
    func reading<T: Sendable>(_ body: @escaping @Sendable (any StatisticsRepository) async throws -> T) async throws -> T
}

extension StatisticsRepository {
    public func reading<T: Sendable>(_ body: @escaping @Sendable (any StatisticsRepository) async throws -> T) async throws -> T {
        try await body(self)
    }
}

/// The regions and periods a table (or a file) has figures for.
public struct StatisticsCoverage: Hashable, Sendable {
    public var regions: Set<RegionCode>
    public var periods: Set<StatisticsPeriod>

    public init(regions: Set<RegionCode> = [], periods: Set<StatisticsPeriod> = []) {
        self.regions = regions
        self.periods = periods
    }

    /// What this coverage has that `replacement` lacks, sorted; nil when it lacks nothing.
    public func lost(in replacement: StatisticsCoverage) -> (regions: [RegionCode], periods: [StatisticsPeriod])? {
        let regions = regions.subtracting(replacement.regions).sorted()
        let periods = periods.subtracting(replacement.periods).sorted()
        return regions.isEmpty && periods.isEmpty ? nil : (regions, periods)
    }

    /// Whether every region is `municipality` itself or one of its districts and neighbourhoods
    /// (their codes start with its four digits). False for an empty coverage.
    public func holdsOnly(_ municipality: MunicipalityCode) -> Bool {
        !regions.isEmpty && regions.allSatisfy { $0.municipality == municipality }
    }
}

/// A period's total over several regions for one category.
public struct PeriodTotal: Hashable, Sendable {
    public var period: StatisticsPeriod
    public var category: String
    public var value: Double?

    public init(period: StatisticsPeriod, category: String, value: Double?) {
        self.period = period
        self.category = category
        self.value = value
    }
}

/// A year's total for one region and category.
public struct YearlyTotal: Hashable, Sendable {
    public var region: RegionCode
    public var year: Int
    /// The stored category key (dimensions joined by `|`).
    public var category: String
    public var value: Double?

    public init(region: RegionCode, year: Int, category: String, value: Double?) {
        self.region = region
        self.year = year
        self.category = category
        self.value = value
    }
}

extension Observation {
    /// The category keys joined in the table's dimension order, as stored.
    public func category(in table: StatisticsTable) -> String {
        table.categoryDimensions.map { categories[$0] ?? "" }.joined(separator: "|")
    }
}
