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

/// What a new download of a stored table does with the figures already there.
public enum StatisticsImportMode: String, Hashable, Sendable, CaseIterable {
    /// The new figures are added: periods and regions the file holds are added or revised, every
    /// stored figure the file does not repeat stays (a download of 2024 beside one of 2022–2023).
    case addUp = "aanvullen"
    /// The file becomes the whole table: stored figures it does not repeat are removed
    /// (`--vervang`).
    case replace = "vervangen"
}

/// What importing a table did.
public struct StatisticsImportOutcome: Hashable, Sendable {
    /// 1 for a first import; one higher for every later download of the same table.
    public var revision: Int
    /// Figures the table holds after the import (those of the file plus, when adding up, the
    /// stored figures it did not repeat).
    public var observations: Int
    /// Observations the previous revision had; nil on a first import.
    public var previousObservations: Int?
    public var mode: StatisticsImportMode
    /// What the file did to the stored table; all of the file's figures are `added` on a first
    /// import.
    public var changes: StatisticsRevisionCounts
    /// The periods the file holds, and those of them the stored table did not have yet.
    public var periods: [StatisticsPeriod]
    public var newPeriods: [StatisticsPeriod]
    /// Regions the file holds that the stored table did not have yet.
    public var newRegions: Int

    public init(revision: Int, observations: Int, previousObservations: Int?, mode: StatisticsImportMode = .replace,
                changes: StatisticsRevisionCounts? = nil, periods: [StatisticsPeriod] = [], newPeriods: [StatisticsPeriod] = [],
                newRegions: Int = 0) {
        self.revision = revision
        self.observations = observations
        self.previousObservations = previousObservations
        self.mode = mode
        self.changes = changes ?? StatisticsRevisionCounts(added: observations)
        self.periods = periods
        self.newPeriods = newPeriods
        self.newRegions = newRegions
    }
}

/// How a download changed the figures of a stored table.
public struct StatisticsRevisionCounts: Hashable, Sendable {
    /// Figures of the file the table did not have.
    public var added: Int
    /// Figures of the file that the table had with another value (or with a value where the
    /// file has none, or the other way round).
    public var revised: Int
    /// Figures of the file the table had with the same value.
    public var unchanged: Int
    /// Stored figures the file does not repeat, kept because the download was added up.
    public var kept: Int
    /// Stored figures the file does not repeat, removed because the file replaced the table.
    public var removed: Int

    public init(added: Int = 0, revised: Int = 0, unchanged: Int = 0, kept: Int = 0, removed: Int = 0) {
        self.added = added
        self.revised = revised
        self.unchanged = unchanged
        self.kept = kept
        self.removed = removed
    }
}

/// One recorded download of a table: when, from which file, how, and what it changed. Tables
/// imported before revisions were recorded have one entry without counts.
public struct StatisticsRevision: Hashable, Sendable {
    public var table: String
    public var revision: Int
    /// Nil for an import recorded before the mode existed.
    public var mode: StatisticsImportMode?
    public var source: String
    public var importedAt: Date
    /// Figures the table held after this revision.
    public var observations: Int
    /// Nil for an import recorded before counts were kept.
    public var changes: StatisticsRevisionCounts?
    /// The periods the file held.
    public var periods: [StatisticsPeriod]

    public init(table: String, revision: Int, mode: StatisticsImportMode?, source: String, importedAt: Date, observations: Int,
                changes: StatisticsRevisionCounts?, periods: [StatisticsPeriod]) {
        self.table = table
        self.revision = revision
        self.mode = mode
        self.source = source
        self.importedAt = importedAt
        self.observations = observations
        self.changes = changes
        self.periods = periods
    }
}

/// A figure a revision changed: its key and its value before and after (nil: not published).
public struct StatisticsRevisionChange: Hashable, Sendable {
    public var region: RegionCode
    public var period: StatisticsPeriod
    /// The stored category key (dimensions joined by `|`).
    public var category: String
    public var measure: String
    public var before: Double?
    public var after: Double?

    public init(region: RegionCode, period: StatisticsPeriod, category: String, measure: String, before: Double?, after: Double?) {
        self.region = region
        self.period = period
        self.category = category
        self.measure = measure
        self.before = before
        self.after = after
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
    /// A download to add up has other category dimensions than the stored table (the keys of
    /// both, in order): its figures cannot be put beside the stored ones.
    case otherDimensions(stored: [String], file: [String])
    /// Anything else; the name of the kind of error, never its text.
    case other(String)
}

/// Where imported figures are kept.
public protocol StatisticsRepository: Sendable {
    /// Stores the observations of `table` that `produce` hands to its `store` argument. The
    /// figures are written in short transactions into a staging area while readers keep seeing
    /// the stored table; only when `produce` has finished are they switched in, in one short
    /// transaction. When `produce` throws (or the import is killed) the stored table stays as it
    /// was; what was staged is removed, at the latest by the next import.
    ///
    /// A later download of a stored table counts a new revision. With ``StatisticsImportMode/addUp``
    /// the stored figures the file does not repeat stay, and the titles of codes the file does
    /// not list are kept (the file's titles win); with ``StatisticsImportMode/replace`` the file
    /// becomes the whole table. Either way the revision is recorded with what it added, revised
    /// and removed, and every revised figure with its old and new value.
    /// - Throws: ``StatisticsStoreFailure`` when the database refuses a write, or
    ///   ``StatisticsStoreFailure/otherDimensions(stored:file:)`` when a download to add up has
    ///   other category dimensions than the stored table (before anything is staged).
    func store(_ table: StatisticsTable, source: String, mode: StatisticsImportMode,
               _ produce: @escaping @Sendable (_ store: @escaping @Sendable ([Observation]) async throws -> Void) async throws -> Void)
        async throws -> StatisticsImportOutcome

    /// The recorded downloads of a table, newest first; empty when there is no such table.
    func revisions(table: String) async throws -> [StatisticsRevision]

    /// The figures a revision changed, at most `limit` of them (by region, measure, category and
    /// period), with how many it changed in all.
    func revisionChanges(table: String, revision: Int, limit: Int) async throws -> (changes: [StatisticsRevisionChange], total: Int)

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
    /// ``store(_:source:mode:_:)`` with the file as the whole table.
    public func replace(_ table: StatisticsTable, source: String,
                        _ produce: @escaping @Sendable (_ store: @escaping @Sendable ([Observation]) async throws -> Void) async throws -> Void)
        async throws -> StatisticsImportOutcome {
        try await store(table, source: source, mode: .replace, produce)
    }

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
