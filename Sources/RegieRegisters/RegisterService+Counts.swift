import Foundation
import RegieCore

// The counts that leave a register for the plan's monitoring (issue 17, point 6; ADR 0015).
extension RegisterService {
    /// The yearly counts the municipality's register of `link.register` publishes for an
    /// indicator, after small-number suppression, for every complete year up to `lastYear`.
    ///
    /// Only the classifying fields (date, category, district) are read, never a sealed field,
    /// so nothing here is a read of a person record. Every year is suppressed as one table with
    /// all categories, districts and quarters, whichever cell the indicator follows, so two
    /// indicators on the same register cannot be subtracted from each other to recover a small
    /// count. Empty when the municipality has no such register.
    public func publishedCounts(for link: IndicatorRegisterLink, municipality: MunicipalityCode, through lastYear: Int) async throws -> [PublishedRegisterCount] {
        guard let register = try await store.registers(of: municipality).first(where: { $0.kind == link.register }) else { return [] }
        let kind: RecordKind = link.register == .underminingSignals ? .signal : .incident
        let records = try await store.records(register: register.id, kind: kind)
        let counted = records.map { CountedRecord(date: $0.date, category: $0.categories.first ?? "overig", district: $0.district) }
        let calendar = Calendar.dutch
        guard let first = counted.map({ calendar.component(.year, from: $0.date) }).min(), first <= lastYear else { return [] }
        let years = Array(first...lastYear)
        let districts = Set(counted.compactMap(\.district)).sorted()
        let published = PublishedCounts(records: counted, years: years, categories: link.register.countCategories.map(\.key), districts: districts)
        return years.compactMap { year in
            switch published[CountKey(year: year, category: link.category, district: link.district)] {
            case .shown(let n)?: PublishedRegisterCount(year: year, value: n)
            case .small?: PublishedRegisterCount(year: year, suppressed: .small)
            case .withheld?: PublishedRegisterCount(year: year, suppressed: .withheld)
            case nil: nil
            }
        }
    }
}
