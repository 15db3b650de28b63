import Foundation
import RegieCore

// The counts that leave a register for the plan's monitoring (issue 17, point 6; ADR 0015).
extension RegisterService {
    /// The yearly counts the municipality's register of `link.register` publishes for an
    /// indicator, after small-number suppression, for every complete year up to `lastYear` (at
    /// most ten) from the register's first record, leaving out the years in `skipping`. Each
    /// year is suppressed on its own, so leaving years out changes none of the others.
    ///
    /// Only the classifying fields (date, category, district) are read, never a sealed field,
    /// so nothing here is a read of a person record. Every year is suppressed as one table with
    /// all categories, districts and quarters, whichever cell the indicator follows, so two
    /// indicators on the same register cannot be subtracted from each other to recover a small
    /// count. Nil when the municipality has no such register; empty when it has no records in
    /// the years asked.
    public func publishedCounts(for link: IndicatorRegisterLink, municipality: MunicipalityCode, through lastYear: Int,
                                skipping: Set<Int> = []) async throws -> [PublishedRegisterCount]? {
        guard let register = try await store.registers(of: municipality).first(where: { $0.kind == link.register }) else { return nil }
        let wanted = (lastYear - 9...lastYear).filter { !skipping.contains($0) }
        guard let firstYear = wanted.first, let lastWanted = wanted.last else { return [] }
        let kind: RecordKind = link.register == .underminingSignals ? .signal : .incident
        let calendar = Calendar.dutch
        guard let from = calendar.date(from: DateComponents(year: firstYear, month: 1, day: 1)),
              let before = calendar.date(from: DateComponents(year: lastWanted + 1, month: 1, day: 1)) else { return [] }
        let counted = try await store.countedRecords(register: register.id, kind: kind, from: from, before: before)
        guard let first = counted.map({ calendar.component(.year, from: $0.date) }).min() else { return [] }
        let categories = link.register.countCategories.map(\.key)
        // Each year as its own table, with the districts of that year: what the counts of a
        // year are never depends on which other years were asked for.
        return wanted.filter { $0 >= first }.compactMap { year in
            let records = counted.filter { calendar.component(.year, from: $0.date) == year }
            let published = PublishedCounts(records: records, years: [year], categories: categories,
                                             districts: Set(records.compactMap(\.district)).sorted())
            return published[CountKey(year: year, category: link.category, district: link.district)].map {
                PublishedRegisterCount(year: year, value: $0.number, suppressed: $0.mark)
            }
        }
    }
}
