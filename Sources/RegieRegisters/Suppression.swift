import Foundation
import RegieCore

// Small-number suppression for counts that leave a register (ADR 0015).
//
// The model: every published count is a sum of *atoms*, the finest cells that exist (one
// quarter × one category × one district). Tables, their row and column totals, a year and its
// quarters, a total shared by two tables: all are sets of atoms, so every way of subtracting
// published figures from each other is a linear combination of those sets. A count of 1 to 4 is
// sensitive, wherever it is: a published cell, or a difference no cell shows (the fourth quarter
// as a year minus three quarters). It is protected when it is not in the linear span of what is
// published, and when propagating the bounds an attacker knows (counts are never negative, a
// "<5" is 1 to 4, a withheld cell is 5 or more) leaves it more than one possible value.

/// How one cell is shown.
public enum SuppressedValue: Hashable, Sendable {
    case shown(Int)
    /// A count from 1 to 4: "<5".
    case small
    /// Withheld so that a small count elsewhere cannot be worked out (secondary suppression).
    case withheld

    public var text: String { SuppressionMark.text(number: number.map(String.init), mark: mark) }

    public var number: Int? { if case .shown(let n) = self { n } else { nil } }

    /// The mark published instead of a number; nil for a shown count.
    public var mark: SuppressionMark? {
        switch self {
        case .shown: nil
        case .small: .small
        case .withheld: .withheld
        }
    }
}

/// A count to publish: the atoms it sums.
public struct CountCell: Hashable, Sendable {
    public var atoms: [Int]
    public var value: Int

    public init(atoms: [Int], value: Int) {
        self.atoms = Array(Set(atoms)).sorted()
        self.value = value
    }
}

public struct SuppressionProblem: Sendable {
    /// The value of every atom; atoms are numbered 0..<count.
    public let atoms: [Int]
    /// What would be published.
    public let cells: [CountCell]
    /// Counts below this are suppressed (5 by default: "<5").
    public let threshold: Int
    /// Pairs of cells where one lies inside the other, with the atoms of their difference: a
    /// cumulative total minus an earlier one, a year minus a quarter.
    private let nested: [(outer: Int, inner: Int, difference: [Int])]
    /// Cells that add up to another: a row of a table and its total, the quarters and the year.
    public let relations: [(total: Int, parts: [Int])]

    /// `relations` names the totals and their parts; pairs of cells that make up a third are
    /// found without being named.
    public init(atoms: [Int], cells: [CountCell], relations: [(total: Int, parts: [Int])] = [], threshold: Int = 5) {
        self.atoms = atoms
        self.cells = cells
        self.threshold = threshold
        let sets = cells.map { Set($0.atoms) }
        var relations = relations
        let byAtoms = Dictionary(cells.indices.map { (cells[$0].atoms, $0) }, uniquingKeysWith: { first, _ in first })
        for a in cells.indices {
            for b in cells.indices where sets[b].count < sets[a].count && sets[b].isSubset(of: sets[a]) {
                if let c = byAtoms[sets[a].subtracting(sets[b]).sorted()], b < c { relations.append((a, [b, c])) }
            }
        }
        self.relations = relations
        var nested: [(Int, Int, [Int])] = []
        for a in cells.indices {
            for b in cells.indices where sets[b].count < sets[a].count && sets[b].isSubset(of: sets[a]) {
                let difference = sets[a].subtracting(sets[b]).sorted()
                let value = difference.reduce(0) { $0 + atoms[$1] }
                if value > 0 && value < threshold { nested.append((a, b, difference)) }
            }
        }
        self.nested = nested
    }

    /// Whether a value must not be disclosed: 1 up to the threshold. A zero discloses nobody.
    public func isSmall(_ value: Int) -> Bool { value > 0 && value < threshold }

    /// Suppresses the small cells and, one by one, as few further cells as are needed so that no
    /// small count can be recovered. Deterministic: the same counts give the same pattern.
    public func solve() -> [SuppressedValue] {
        var hidden = Set(cells.indices.filter { isSmall(cells[$0].value) })
        while case .exposed(let target) = audit(hidden: hidden) {
            // The smallest non-zero published cell whose withholding closes this route, else the
            // smallest that overlaps it; cells of zero are never withheld (a withheld cell is
            // known to be 5 or more).
            let candidates = cells.indices.filter { !hidden.contains($0) && cells[$0].value > 0 }
                .sorted { (cells[$0].value, cells[$0].atoms.count, $0) < (cells[$1].value, cells[$1].atoms.count, $1) }
            let overlapping = candidates.filter { !Set(cells[$0].atoms).isDisjoint(with: target) }
            let closing = candidates.prefix(24).first { audit(hidden: hidden.union([$0])) != .exposed(target) }
            // No single cell closes it: a cell that adds up with the exposed one to a total
            // (the next cell of its row or column), so that a block of cells hides together.
            let targetCells = Set(cells.indices.filter { Set(cells[$0].atoms) == target })
            let siblings = Set(relations.filter { !targetCells.isDisjoint(with: $0.parts) }.flatMap(\.parts))
            guard let pick = closing ?? candidates.first(where: siblings.contains) ?? overlapping.first ?? candidates.first else {
                // Nothing left to withhold that helps: withhold everything that is not zero.
                hidden.formUnion(cells.indices.filter { cells[$0].value > 0 })
                break
            }
            hidden.insert(pick)
        }
        return cells.indices.map { index in
            hidden.contains(index) ? (isSmall(cells[index].value) ? .small : .withheld) : .shown(cells[index].value)
        }
    }

    public enum Audit: Equatable, Sendable {
        case protected
        /// The atoms of a small quantity that can be worked out.
        case exposed(Set<Int>)
    }

    /// Whether, with `hidden` withheld, every small quantity is protected. The quantities checked
    /// are every cell and every atom, and every difference between two nested published cells.
    public func audit(hidden: Set<Int>) -> Audit {
        let published = cells.indices.filter { !hidden.contains($0) }
        let span = RationalSpan(vectors: published.map { cells[$0].atoms })
        let shown = Set(published)
        let quantities: [[Int]] = cells.map(\.atoms) + atoms.indices.map { [$0] }
            + nested.filter { shown.contains($0.outer) && shown.contains($0.inner) }.map(\.difference)
        for quantity in quantities {
            let value = quantity.reduce(0) { $0 + atoms[$1] }
            guard isSmall(value), !quantity.isEmpty else { continue }
            if span.contains(quantity) { return .exposed(Set(quantity)) }
        }
        // Bounds an attacker can derive from non-negativity and the shown markers.
        let bounds = BoundsPropagation(atomCount: atoms.count, constraints: cells.indices.map { index in
            let cell = cells[index]
            if !hidden.contains(index) { return (cell.atoms, cell.value, cell.value) }
            return isSmall(cell.value) ? (cell.atoms, 1, threshold - 1) : (cell.atoms, threshold, nil)
        })
        for index in cells.indices where hidden.contains(index) && isSmall(cells[index].value) {
            if let exact = bounds.exactValue(of: cells[index].atoms), exact == cells[index].value {
                return .exposed(Set(cells[index].atoms))
            }
        }
        // The same over whole cells, through the totals and their parts.
        let cellBounds = CellBounds(cells: cells.indices.map { index in
            if !hidden.contains(index) { return (cells[index].value, cells[index].value) }
            return isSmall(cells[index].value) ? (1, threshold - 1) : (threshold, nil)
        }, relations: relations)
        for index in cells.indices where hidden.contains(index) && isSmall(cells[index].value) && cellBounds.isExact(index) {
            return .exposed(Set(cells[index].atoms))
        }
        return .protected
    }

    /// True when no small quantity can be recovered from the shown values of `result`.
    public func isProtected(_ result: [SuppressedValue]) -> Bool {
        let hidden = Set(result.indices.filter { result[$0].number == nil })
        return audit(hidden: hidden) == .protected
    }
}

/// The span of 0/1 vectors over the rationals, kept in reduced row echelon form, so that
/// membership is exact (no floating point). Rows are sparse: tables and their totals keep them so.
struct RationalSpan {
    private var rows: [[Int: Fraction]] = []
    /// Which row has its pivot in a column.
    private var pivotRow: [Int: Int] = [:]

    init(vectors: [[Int]]) {
        for vector in vectors { add(vector) }
    }

    private static func sparse(_ atoms: [Int]) -> [Int: Fraction] {
        Dictionary(uniqueKeysWithValues: atoms.map { ($0, Fraction.one) })
    }

    private func reduce(_ vector: [Int: Fraction]) -> [Int: Fraction] {
        var v = vector
        // Clearing a pivot column only adds columns that are not pivots (the form is reduced),
        // so one pass over the vector's pivot columns is enough.
        for column in vector.keys.sorted() {
            guard let factor = v[column], let r = pivotRow[column] else { continue }
            for (j, value) in rows[r] {
                let updated = (v[j] ?? .zero) - factor * value
                v[j] = updated.isZero ? nil : updated
            }
        }
        return v
    }

    private mutating func add(_ atoms: [Int]) {
        var v = reduce(Self.sparse(atoms))
        guard let pivot = v.keys.min(), let scale = v[pivot] else { return }
        for (j, value) in v { v[j] = value / scale }
        // Keep the form reduced: clear the new pivot column from the earlier rows.
        for i in rows.indices {
            guard let factor = rows[i][pivot] else { continue }
            for (j, value) in v {
                let updated = (rows[i][j] ?? .zero) - factor * value
                rows[i][j] = updated.isZero ? nil : updated
            }
        }
        pivotRow[pivot] = rows.count
        rows.append(v)
    }

    func contains(_ atoms: [Int]) -> Bool {
        reduce(Self.sparse(atoms)).isEmpty
    }
}

/// Interval bounds on whole cells from relations "this total is the sum of these parts".
struct CellBounds {
    private(set) var low: [Int]
    private(set) var high: [Int?]

    init(cells: [(low: Int, high: Int?)], relations: [(total: Int, parts: [Int])]) {
        low = cells.map(\.low)
        high = cells.map(\.high)
        func sumHigh(_ members: [Int]) -> Int? { members.reduce(Optional(0)) { sum, m in sum.flatMap { s in high[m].map { s + $0 } } } }
        for _ in 0..<50 {
            var changed = false
            func tighten(_ cell: Int, low newLow: Int?, high newHigh: Int?) {
                if let l = newLow, l > low[cell] { low[cell] = l; changed = true }
                if let h = newHigh, high[cell].map({ h < $0 }) ?? true { high[cell] = h; changed = true }
            }
            for (total, parts) in relations {
                // total within [Σ low, Σ high] of the parts …
                tighten(total, low: parts.reduce(0) { $0 + low[$1] }, high: sumHigh(parts))
                // … and each part within [total low − others' high, total high − others' low].
                for part in parts {
                    let others = parts.filter { $0 != part }
                    tighten(part, low: sumHigh(others).map { low[total] - $0 },
                            high: high[total].map { $0 - others.reduce(0) { $0 + low[$1] } })
                }
            }
            if !changed { break }
        }
    }

    func isExact(_ cell: Int) -> Bool { high[cell] == low[cell] }
}

/// An exact fraction; the sums of 0/1 vectors keep these small.
struct Fraction: Hashable {
    var numerator: Int
    var denominator: Int

    static let zero = Fraction(0, 1)
    static let one = Fraction(1, 1)

    init(_ numerator: Int, _ denominator: Int) {
        let sign = denominator < 0 ? -1 : 1
        let divisor = Fraction.gcd(abs(numerator), abs(denominator))
        self.numerator = sign * numerator / max(divisor, 1)
        self.denominator = sign * denominator / max(divisor, 1)
    }

    var isZero: Bool { numerator == 0 }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
    static func - (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }
    static func * (a: Fraction, b: Fraction) -> Fraction { Fraction(a.numerator * b.numerator, a.denominator * b.denominator) }
    static func / (a: Fraction, b: Fraction) -> Fraction { Fraction(a.numerator * b.denominator, a.denominator * b.numerator) }
}

/// Interval bounds on every atom from constraints "the sum of these atoms lies in [low, high]",
/// tightened until nothing changes; `nil` is no upper bound.
struct BoundsPropagation {
    private(set) var low: [Int]
    private(set) var high: [Int?]

    init(atomCount: Int, constraints: [(atoms: [Int], low: Int, high: Int?)]) {
        low = Array(repeating: 0, count: atomCount)
        high = Array(repeating: nil, count: atomCount)
        for _ in 0..<50 {
            var changed = false
            for constraint in constraints {
                let lows = constraint.atoms.reduce(0) { $0 + low[$1] }
                let highs: Int? = constraint.atoms.reduce(Optional(0)) { sum, atom in sum.flatMap { s in high[atom].map { s + $0 } } }
                for atom in constraint.atoms {
                    // atom ≤ high − (sum of the others' lows); atom ≥ low − (sum of the others' highs).
                    if let h = constraint.high {
                        let bound = h - (lows - low[atom])
                        if high[atom].map({ bound < $0 }) ?? true { high[atom] = bound; changed = true }
                    }
                    if let othersHigh = highs.flatMap({ total in high[atom].map { total - $0 } }) {
                        let bound = constraint.low - othersHigh
                        if bound > low[atom] { low[atom] = bound; changed = true }
                    }
                }
            }
            if !changed { break }
        }
    }

    /// The value of a sum of atoms when the bounds leave only one.
    func exactValue(of atoms: [Int]) -> Int? {
        let lows = atoms.reduce(0) { $0 + low[$1] }
        let highs: Int? = atoms.reduce(Optional(0)) { sum, atom in sum.flatMap { s in high[atom].map { s + $0 } } }
        return highs == lows ? lows : nil
    }
}

// MARK: Counts of a register

/// One record as counted: its date, its category (the first phenomenon or the kind of incident)
/// and its district. Nothing else leaves the register.
public struct CountedRecord: Hashable, Sendable {
    public var date: Date
    public var category: String
    public var district: String?

    public init(date: Date, category: String, district: String?) {
        self.date = date
        self.category = category
        self.district = district
    }
}

/// Which published count: a year or one of its quarters, all categories or one, the whole
/// municipality or one district.
public struct CountKey: Hashable, Sendable {
    public var year: Int
    public var quarter: Int?
    public var category: String?
    public var district: String?

    public init(year: Int, quarter: Int? = nil, category: String? = nil, district: String? = nil) {
        self.year = year
        self.quarter = quarter
        self.category = category
        self.district = district
    }
}

/// The counts a register publishes, after suppression. Per year: category × district with the
/// row and column totals and the year's total; per quarter: the total and the total per
/// category. Every year is suppressed as one problem with its quarters, so a year minus three
/// quarters or a table minus its totals recovers no small count.
public struct PublishedCounts: Sendable {
    public let years: [Int]
    public let categories: [String]
    public let districts: [String]
    public private(set) var values: [CountKey: SuppressedValue] = [:]
    /// The same counts before suppression, for the auditor only (never shown).
    let problems: [Int: (keys: [CountKey], problem: SuppressionProblem)]

    /// The district name used for records without one.
    public static let unknownDistrict = "onbekend"

    public init(records: [CountedRecord], years: [Int], categories: [String], districts: [String], threshold: Int = 5) {
        let districtNames = records.contains { $0.district == nil } && !districts.contains(Self.unknownDistrict)
            ? districts + [Self.unknownDistrict] : districts
        self.years = years
        self.categories = categories
        self.districts = districtNames
        var problems: [Int: (keys: [CountKey], problem: SuppressionProblem)] = [:]
        let calendar = Calendar.dutch
        for year in years {
            // Atoms: quarter × category × district, numbered in that order.
            func atom(_ q: Int, _ c: Int, _ d: Int) -> Int { (q * categories.count + c) * districtNames.count + d }
            var atoms = [Int](repeating: 0, count: 4 * categories.count * districtNames.count)
            for record in records where calendar.component(.year, from: record.date) == year {
                guard let c = categories.firstIndex(of: record.category),
                      let d = districtNames.firstIndex(of: record.district ?? Self.unknownDistrict) else { continue }
                let q = (calendar.component(.month, from: record.date) - 1) / 3
                atoms[atom(q, c, d)] += 1
            }
            var keys: [CountKey] = [], cells: [CountCell] = []
            @discardableResult
            func add(_ key: CountKey, quarters: Range<Int>, categories cs: [Int], districts ds: [Int]) -> Int {
                let members = quarters.flatMap { q in cs.flatMap { c in ds.map { d in atom(q, c, d) } } }
                keys.append(key)
                cells.append(CountCell(atoms: members, value: members.reduce(0) { $0 + atoms[$1] }))
                return cells.count - 1
            }
            let allC = Array(categories.indices), allD = Array(districtNames.indices)
            var table: [[Int]] = [], rows: [Int] = [], columns: [Int] = [], quarterTotals: [Int] = [], quarterRows: [[Int]] = []
            for c in allC {
                table.append(allD.map { d in add(CountKey(year: year, category: categories[c], district: districtNames[d]), quarters: 0..<4, categories: [c], districts: [d]) })
                rows.append(add(CountKey(year: year, category: categories[c]), quarters: 0..<4, categories: [c], districts: allD))
            }
            for d in allD { columns.append(add(CountKey(year: year, district: districtNames[d]), quarters: 0..<4, categories: allC, districts: [d])) }
            let total = add(CountKey(year: year), quarters: 0..<4, categories: allC, districts: allD)
            for q in 0..<4 {
                quarterTotals.append(add(CountKey(year: year, quarter: q + 1), quarters: q..<(q + 1), categories: allC, districts: allD))
                quarterRows.append(allC.map { c in add(CountKey(year: year, quarter: q + 1, category: categories[c]), quarters: q..<(q + 1), categories: [c], districts: allD) })
            }
            var relations: [(total: Int, parts: [Int])] = [(total, rows), (total, columns), (total, quarterTotals)]
            for c in allC {
                relations.append((rows[c], table[c]))
                relations.append((rows[c], quarterRows.map { $0[c] }))
            }
            for d in allD { relations.append((columns[d], table.map { $0[d] })) }
            for q in 0..<4 { relations.append((quarterTotals[q], quarterRows[q])) }
            let problem = SuppressionProblem(atoms: atoms, cells: cells, relations: relations, threshold: threshold)
            for (key, value) in zip(keys, problem.solve()) { values[key] = value }
            problems[year] = (keys, problem)
        }
        self.problems = problems
    }

    public subscript(_ key: CountKey) -> SuppressedValue? { values[key] }

    /// Whether every year's published pattern is protected (the auditor's check, for tests and
    /// for the purge and publish commands).
    public var isProtected: Bool {
        problems.values.allSatisfy { keys, problem in
            problem.isProtected(keys.map { values[$0] ?? .withheld })
        }
    }
}
