import Foundation
import RegieRegisters
import Testing

/// An attacker that knows everything Regie shows and tries every integer value of every atom:
/// what it finds possible for a cell is what could be recovered by any reasoning, linear or not.
private struct BruteForceAttacker {
    let problem: SuppressionProblem
    let shown: [SuppressedValue]
    let ceiling: Int

    /// The values a cell can have given everything shown.
    func possibleValues() -> [Int: Set<Int>] {
        let atomCount = problem.atoms.count
        // Check each cell as soon as its last atom has a value.
        let lastAtom = problem.cells.map { $0.atoms.max() ?? -1 }
        var possible: [Int: Set<Int>] = [:]
        var values = [Int](repeating: 0, count: atomCount)
        func allowed(_ cell: Int, sum: Int, complete: Bool) -> Bool {
            switch shown[cell] {
            case .shown(let n): complete ? sum == n : sum <= n
            case .small: complete ? (1...problem.threshold - 1).contains(sum) : sum < problem.threshold
            case .withheld: complete ? sum >= problem.threshold : true
            }
        }
        func search(_ atom: Int) {
            if atom == atomCount {
                for (index, cell) in problem.cells.enumerated() where shown[index].number == nil {
                    possible[index, default: []].insert(cell.atoms.reduce(0) { $0 + values[$1] })
                }
                return
            }
            for value in 0...ceiling {
                values[atom] = value
                let consistent = problem.cells.indices.allSatisfy { index in
                    let cell = problem.cells[index]
                    guard cell.atoms.contains(where: { $0 <= atom }) else { return true }
                    let sum = cell.atoms.filter { $0 <= atom }.reduce(0) { $0 + values[$1] }
                    return allowed(index, sum: sum, complete: lastAtom[index] <= atom)
                }
                if consistent { search(atom + 1) }
                else if problem.cells.indices.contains(where: { index in
                    // Values only grow the sums: once a shown sum is exceeded, larger values are too.
                    let cell = problem.cells[index]
                    guard cell.atoms.contains(atom), case .shown(let n) = shown[index] else { return false }
                    return cell.atoms.filter { $0 <= atom }.reduce(0) { $0 + values[$1] } > n
                }) { break }
            }
            values[atom] = 0
        }
        search(0)
        return possible
    }
}

/// A small seeded generator, so a failing case can be replayed from its seed.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Two periods × two categories × two districts, published as a year table with its totals and
/// per period with the totals per category: the shape of a register's counts, small enough to
/// attack by brute force.
private func smallGrid(_ atoms: [Int]) -> SuppressionProblem {
    func atom(_ p: Int, _ c: Int, _ d: Int) -> Int { (p * 2 + c) * 2 + d }
    var cells: [CountCell] = []
    func add(_ ps: [Int], _ cs: [Int], _ ds: [Int]) {
        let members = ps.flatMap { p in cs.flatMap { c in ds.map { atom(p, c, $0) } } }
        cells.append(CountCell(atoms: members, value: members.reduce(0) { $0 + atoms[$1] }))
    }
    for c in 0..<2 {
        for d in 0..<2 { add([0, 1], [c], [d]) }
        add([0, 1], [c], [0, 1])
    }
    for d in 0..<2 { add([0, 1], [0, 1], [d]) }
    add([0, 1], [0, 1], [0, 1])
    for p in 0..<2 {
        add([p], [0, 1], [0, 1])
        for c in 0..<2 { add([p], [c], [0, 1]) }
    }
    return SuppressionProblem(atoms: atoms, cells: cells)
}

@Suite("Registers: small numbers suppressed")
struct SuppressionTests {
    @Test("Counts from 1 to 4 read \"<5\"; zero and larger counts are shown")
    func primary() {
        let problem = SuppressionProblem(atoms: [0, 3, 7], cells: [CountCell(atoms: [0], value: 0), CountCell(atoms: [1], value: 3),
                                                                   CountCell(atoms: [2], value: 7)])
        #expect(problem.solve().map(\.text) == ["0", "<5", "7"])
    }

    @Test("A row total does not give away its one small cell: a second cell of the row is withheld")
    func rowTotal() {
        // One row: cells 3, 8, 9 and the total 20.
        let problem = SuppressionProblem(atoms: [3, 8, 9], cells: [
            CountCell(atoms: [0], value: 3), CountCell(atoms: [1], value: 8), CountCell(atoms: [2], value: 9),
            CountCell(atoms: [0, 1, 2], value: 20),
        ])
        let result = problem.solve()
        #expect(result[0] == .small)
        #expect(result.filter { $0 == .withheld }.count == 1)
        #expect(result[1] == .withheld, "the smallest other cell is withheld, not the total")
        #expect(problem.isProtected(result))
        // Publishing everything but the small cell would not be protected.
        #expect(!problem.isProtected([.small, .shown(8), .shown(9), .shown(20)]))
    }

    @Test("Two published totals that differ by a small number: one of them is withheld")
    func differenceOfTotals() {
        // The year so far (atoms 0 and 1) is 12, the whole year 14: the last part is 2.
        let problem = SuppressionProblem(atoms: [12, 2], cells: [CountCell(atoms: [0], value: 12), CountCell(atoms: [0, 1], value: 14)])
        let result = problem.solve()
        #expect(result.contains(.withheld))
        #expect(problem.isProtected(result))
        #expect(!problem.isProtected([.shown(12), .shown(14)]))
    }

    @Test("A year and its quarters: the fourth quarter cannot be worked out from the year minus three quarters")
    func successivePeriods() throws {
        var records: [CountedRecord] = []
        func day(_ month: Int, _ day: Int) -> Date {
            Calendar.dutch.date(from: DateComponents(year: 2026, month: month, day: day, hour: 12))!
        }
        for month in [1, 2, 4, 5, 7, 8] { for d in [3, 10] { records.append(CountedRecord(date: day(month, d), category: "drugs", district: "Centrum")) } }
        records += [CountedRecord(date: day(11, 2), category: "drugs", district: "Centrum"), CountedRecord(date: day(12, 1), category: "drugs", district: "Centrum")]
        let counts = PublishedCounts(records: records, years: [2026], categories: ["drugs", "vastgoed"], districts: ["Centrum", "Noord"])
        let year = try #require(counts[CountKey(year: 2026, category: "drugs")])
        let quarters = (1...4).map { counts[CountKey(year: 2026, quarter: $0, category: "drugs")] }
        #expect(quarters[3] == .small)
        #expect(year.number == nil || quarters[0...2].contains { $0?.number == nil },
                "the year or one of the first three quarters is withheld")
        #expect(counts[CountKey(year: 2026, quarter: 4)] == .small)
        #expect(counts.isProtected)
    }

    @Test("Across tables: the district totals and the category totals share the year's total")
    func acrossTables() {
        let calendar = Calendar.dutch
        let date = calendar.date(from: DateComponents(year: 2025, month: 5, day: 1, hour: 12))!
        var records: [CountedRecord] = []
        // Drugs: 3 in Noord, 9 in Centrum; vastgoed: 6 in Noord, 7 in Centrum.
        for (category, district, n) in [("drugs", "Noord", 3), ("drugs", "Centrum", 9), ("vastgoed", "Noord", 6), ("vastgoed", "Centrum", 7)] {
            records += Array(repeating: CountedRecord(date: date, category: category, district: district), count: n)
        }
        let counts = PublishedCounts(records: records, years: [2025], categories: ["drugs", "vastgoed"], districts: ["Noord", "Centrum"])
        #expect(counts[CountKey(year: 2025, category: "drugs", district: "Noord")] == .small)
        #expect(counts[CountKey(year: 2025)] == .shown(25))
        #expect(counts.isProtected)
        // Drugs in Noord = drugs total − drugs Centrum, or Noord total − vastgoed Noord: both
        // routes are closed.
        let drugs = counts[CountKey(year: 2025, category: "drugs")]?.number
        let drugsCentrum = counts[CountKey(year: 2025, category: "drugs", district: "Centrum")]?.number
        let noord = counts[CountKey(year: 2025, district: "Noord")]?.number
        let vastgoedNoord = counts[CountKey(year: 2025, category: "vastgoed", district: "Noord")]?.number
        #expect(drugs == nil || drugsCentrum == nil)
        #expect(noord == nil || vastgoedNoord == nil)
    }

    @Test("Records without a district are counted under \"onbekend\"; categories not asked for are left out")
    func unknownDistrict() {
        let date = Calendar.dutch.date(from: DateComponents(year: 2025, month: 2, day: 1, hour: 12))!
        let records = Array(repeating: CountedRecord(date: date, category: "overlast", district: nil), count: 6)
            + [CountedRecord(date: date, category: "niet-gevraagd", district: "Noord")]
        let counts = PublishedCounts(records: records, years: [2025], categories: ["overlast"], districts: ["Noord"])
        #expect(counts.districts == ["Noord", "onbekend"])
        #expect(counts[CountKey(year: 2025, category: "overlast", district: "onbekend")] == .shown(6))
        #expect(counts[CountKey(year: 2025)] == .shown(6))
    }

    @Test("Property: on random small registers, an attacker trying every value recovers no small count")
    func bruteForce() {
        var generator = SplitMix(state: UInt64(ProcessInfo.processInfo.environment["REGIE_SUPPRESSION_SEED"] ?? "") ?? 2026)
        var withheldSeen = 0
        for _ in 0..<100 {
            let atoms = (0..<8).map { _ in [0, 0, 1, 2, 3, 5, 6, 8].randomElement(using: &generator)! }
            let problem = smallGrid(atoms)
            let result = problem.solve()
            #expect(problem.isProtected(result), "atoms \(atoms)")
            withheldSeen += result.filter { $0 == .withheld }.count
            let ceiling = min(problem.cells.last.map { _ in atoms.max()! + 4 } ?? 8, 12)
            let possible = BruteForceAttacker(problem: problem, shown: result, ceiling: ceiling).possibleValues()
            for (index, cell) in problem.cells.enumerated() where problem.isSmall(cell.value) {
                #expect((possible[index]?.count ?? 0) >= 2, "atoms \(atoms): cell \(index) (\(cell.value)) can be recovered: \(possible[index] ?? [])")
            }
            // Shown values are the true counts.
            for (value, cell) in zip(result, problem.cells) { if let n = value.number { #expect(n == cell.value) } }
        }
        #expect(withheldSeen > 0, "the random cases include secondary suppression")
    }
}
