import Foundation

/// A statistics table as Regie stores it: its identifier, title and measures.
public struct StatisticsTable: Hashable, Sendable {
    /// The publisher's identifier, such as `47018NED`.
    public var identifier: String
    public var title: String
    /// The keys of the category dimensions, in the order their keys are joined in
    /// ``StoredObservation/category``.
    public var categoryDimensions: [String]

    public init(identifier: String, title: String, categoryDimensions: [String]) {
        self.identifier = identifier
        self.title = title
        self.categoryDimensions = categoryDimensions
    }
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

/// Where imported figures are kept.
public protocol StatisticsRepository: Sendable {
    /// Replaces every observation of `table` with those that `produce` hands to its `store`
    /// argument, in one transaction: when `produce` throws, nothing changes. A repeated import
    /// of the same table replaces the earlier one and counts a new revision.
    func replace(_ table: StatisticsTable, source: String,
                 _ produce: @escaping @Sendable (_ store: @escaping @Sendable ([Observation]) async throws -> Void) async throws -> Void)
        async throws -> StatisticsImportOutcome

    /// The observations of one table for one region and measure, oldest period first.
    func observations(table: String, region: RegionCode, measure: String) async throws -> [Observation]
}

extension Observation {
    /// The category keys joined in the table's dimension order, as stored.
    public func category(in table: StatisticsTable) -> String {
        table.categoryDimensions.map { categories[$0] ?? "" }.joined(separator: "|")
    }
}
