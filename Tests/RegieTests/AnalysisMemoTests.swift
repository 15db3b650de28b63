import Foundation
import RegieCore
import RegieImporter
@testable import RegieWeb
import Testing
import VaporTesting

/// Analyses kept while the imported figures stay the same (issue 14): a new import, on this
/// instance or another, counts at the very next request.
@Suite("Analyses kept by the figures' state")
struct AnalysisMemoTests {
    static let state = [StatisticsTableSummary(identifier: "47018NED", title: "Misdrijven", source: "a.csv", revision: 1,
                                               observations: 10, importedAt: Date(timeIntervalSince1970: 1_000))]

    actor Calls {
        var count = 0
        func add() { count += 1 }
    }

    @Test("Requests that miss together share one piece of work; a kept value is used until the state changes")
    func sharedAndKept() async throws {
        let memo = AnalysisMemo(capacity: 8)
        let calls = Calls()
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await memo.value("test", "GM0037", state: Self.state) {
                        await calls.add()
                        try await Task.sleep(for: .milliseconds(50))
                        return 42
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: 42, count: 20))
        #expect(await calls.count == 1)
        // Another input, and another kind for the same input, are other values.
        #expect(try await memo.value("test", "GM0038", state: Self.state) { await calls.add(); return 7 } == 7)
        #expect(try await memo.value("other", "GM0037", state: Self.state) { await calls.add(); return 8 } == 8)
        #expect(try await memo.value("test", "GM0037", state: Self.state) { await calls.add(); return 0 } == 42)
        #expect(await calls.count == 3)
        // A new revision: everything kept is dropped.
        var revised = Self.state
        revised[0].revision = 2
        #expect(try await memo.value("test", "GM0037", state: revised) { await calls.add(); return 43 } == 43)
        #expect(memo.count == 1)
    }

    struct Refused: Error {}

    @Test("A failed piece of work is not kept; at most the capacity is kept")
    func failuresAndCapacity() async throws {
        let memo = AnalysisMemo(capacity: 3)
        await #expect(throws: Refused.self) {
            try await memo.value("test", 1, state: Self.state) { () async throws -> Int in throw Refused() }
        }
        #expect(try await memo.value("test", 1, state: Self.state) { 1 } == 1)
        for input in 2...10 { _ = try await memo.value("test", input, state: Self.state) { input } }
        #expect(memo.count == 3)
        // The most recently used are the ones kept.
        #expect(try await memo.value("test", 10, state: Self.state) { -1 } == 10)
        #expect(try await memo.value("test", 1, state: Self.state) { -1 } == -1)
    }
}

extension DatabaseTests {
    @Suite("Kept analyses follow every import")
    struct AnalysisMemoPageTests {
        func csvLine(_ app: Application, _ headers: HTTPHeaders, year: Int) async throws -> String {
            var line = ""
            try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/woninginbraak.csv", headers: headers) { res in
                #expect(res.status == .ok)
                line = res.body.string.components(separatedBy: "\r\n").first { $0.hasPrefix("\"\(year)\";") } ?? ""
            }
            return line
        }

        @Test("A revised download and a replacement show at the next request; unchanged figures give the same page")
        func importsCountAtOnce() async throws {
            try await withTestApp { app in
                try await importMeierijstadFigures(into: app)
                _ = try await app.plans.save([try example("basisteam-meierij-2023-2026.yaml")])
                let officer = try await app.signIn("beleid.meierijstad", .municipality(MunicipalityCode("GM1948")!), [.policyOfficer])
                #expect(try await csvLine(app, officer.headers, year: 2023).hasPrefix("\"2023\";100;"))
                var seriesPage = ""
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.status == .ok)
                    seriesPage = res.body.string
                }
                // Kept: the same page again, word for word.
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.body.string == seriesPage)
                }
                #expect(try #require(app.analysisMemo).count > 0)

                // A later download revises 2023 (as the police do); it goes in through the
                // repository only, as an import by the command line or another instance would.
                let revisedRows = meierijstadRows.map { $0.contains("\"GM1948    \";\"2023JJ00\";100;") ? $0.replacingOccurrences(of: ";100;", with: ";111;") : $0 }
                #expect(revisedRows != meierijstadRows)
                _ = try await DataImport.run(try table47018(revisedRows), into: app.statistics)
                #expect(try await csvLine(app, officer.headers, year: 2023).hasPrefix("\"2023\";111;"))
                try await app.testing().test(.GET, "/gemeenten/GM1948/veiligheidsanalyse/reeksen/woninginbraak", headers: officer.headers) { res in
                    #expect(res.body.string != seriesPage)
                    #expect(res.body.string.contains("111"))
                }

                // Replaced by a file without 2023: the year has no count any more.
                let without2023 = meierijstadRows.filter { !$0.contains("\"GM1948    \";\"2023JJ00\"") }
                _ = try await DataImport.run(try table47018(without2023), mode: .replace, into: app.statistics)
                #expect(try await !csvLine(app, officer.headers, year: 2023).hasPrefix("\"2023\";111;"))
            }
        }
    }
}
