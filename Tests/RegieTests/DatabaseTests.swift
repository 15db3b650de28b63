import Foundation
import RegieCore
import RegiePersistence
import RegiePlanFile
import Testing
import VaporTesting

/// Everything that touches a database. Serialized, because in the PostgreSQL pass all tests
/// share one server and each starts from an empty schema.
@Suite("Database", .serialized)
struct DatabaseTests {}

extension DatabaseTests {
    @Suite("Storage")
    struct StorageTests {
        @Test("Every example plan is stored and read back unchanged")
        func examplesRoundTrip() async throws {
            try await withTestApp { app in
                let plans = try examplePaths().map { try PlanFileReader.read(try Data(contentsOf: URL(fileURLWithPath: $0))) }
                let outcomes = try await app.plans.save(plans)
                #expect(outcomes.allSatisfy { $0 == .created })
                for plan in plans {
                    let stored = try await app.plans.plan(plan.key)
                    #expect(stored == plan)
                }
                #expect(try await app.plans.summaries().count == plans.count)
                #expect(try await !app.plans.isEmpty())
            }
        }

        @Test("Owners and memberships are stored with the plan")
        func owners() async throws {
            try await withTestApp { app in
                let meierij = try example("basisteam-meierij-2023-2026.yaml")
                _ = try await app.plans.save(meierij)
                let collaborations = try await app.plans.collaborations()
                #expect(collaborations.count == 1)
                guard case .collaboration(let expected) = meierij.owner else { return }
                #expect(collaborations.first == expected)
                let member = expected.members[2].code
                let plans = try await app.plans.summaries(involving: member)
                #expect(plans.map(\.key) == [meierij.key])
                #expect(try await app.plans.municipality(member)?.name == expected.members[2].name)
                #expect(try await app.plans.summaries(involving: MunicipalityCode("GM0001")!).isEmpty)
            }
        }

        @Test("Importing a plan again replaces it and counts the revision")
        func replace() async throws {
            try await withTestApp { app in
                var plan = try PlanFileReader.read(minimalPlanFile)
                #expect(try await app.plans.save(plan) == .created)
                plan.title = "Veilig Proefstad, herzien"
                plan.themes[0].actions.removeAll()
                #expect(try await app.plans.save(plan) == .replaced(revision: 2))
                #expect(try await app.plans.plan(plan.key) == plan)
                #expect(try await app.plans.summaries().map(\.title) == ["Veilig Proefstad, herzien"])
            }
        }

        @Test("A failing import leaves the database as it was")
        func allOrNothing() async throws {
            try await withTestApp { app in
                let first = try PlanFileReader.read(minimalPlanFile)
                // A collaboration listing one municipality twice breaks a unique constraint in
                // the middle of the write (the validator would refuse it; the store must too).
                let m = Municipality(code: MunicipalityCode("GM9998")!, name: "Dubbel")
                let broken = Plan(key: Key("kapot")!, title: "Kapot",
                                  owner: .collaboration(Collaboration(key: Key("dubbel")!, name: "Dubbel", members: [m, m])),
                                  period: YearRange(first: 2024, last: 2025)!)
                await #expect(throws: (any Error).self) {
                    _ = try await app.plans.save([first, broken])
                }
                #expect(try await app.plans.isEmpty())
                #expect(try await app.plans.municipalities().isEmpty)
                #expect(try await app.plans.collaborations().isEmpty)
            }
        }
    }
}
