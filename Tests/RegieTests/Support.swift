import Foundation
import RegieCore
import RegiePersistence
import RegiePlanFile
import RegieWeb
import Testing
import VaporTesting

/// The repository's root, found from this file, so tests can read `examples/`.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Paths of the example plan files.
func examplePaths() throws -> [String] {
    try PlanFiles.examples(in: repositoryRoot.appendingPathComponent("examples").path)
}

/// Reads an example plan by file name, failing the test when it does not read.
func example(_ name: String) throws -> Plan {
    let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("examples/\(name)"))
    return try PlanFileReader.read(data)
}

/// The problems `text` has as a plan file; empty when it reads.
func problems(in text: String) -> [PlanFileProblem] {
    do {
        _ = try PlanFileReader.read(text)
        return []
    } catch {
        return error.problems
    }
}

/// The database the persistence and web tests run on: in-memory SQLite, or PostgreSQL when
/// `REGIE_TEST_DATABASE_URL` is set (as `.ci/run` does in its second pass).
var testDatabase: DatabaseLocation {
    if let url = ProcessInfo.processInfo.environment["REGIE_TEST_DATABASE_URL"], !url.isEmpty,
       let location = DatabaseLocation.from(url: url) {
        return location
    }
    return .sqliteMemory
}

/// Builds the application on a fresh, migrated test database, runs `body`, shuts down.
func withTestApp(_ body: (Application) async throws -> Void) async throws {
    let location = testDatabase
    let app = try await Application.makeRegie(RegieConfiguration(database: location), environment: .testing, migrate: false)
    do {
        if location.isPostgres {
            // One shared server: start every test from an empty schema.
            try await app.autoRevert()
        }
        try await app.autoMigrate()
        try await body(app)
        try await app.asyncShutdown()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// A small valid plan file to vary in tests.
let minimalPlanFile = """
sleutel: proefstad-2024-2027
soort: integraal-veiligheidsplan
titel: Veilig Proefstad
eigenaar:
  gemeente: { code: GM9999, naam: Proefstad, inwoners: 12000 }
periode: 2024-2027
status: concept
themas:
  - sleutel: woninginbraak
    titel: Woninginbraak
    rol: prioriteit
    doelen:
      - sleutel: minder-inbraken
        titel: Minder woninginbraken
    acties:
      - sleutel: buurtpreventie
        omschrijving: Buurtpreventieteams ondersteunen
        planning: 2025
        trekker: gemeente
        partners: [politie]
        doel: minder-inbraken
partners:
  - sleutel: gemeente
    naam: Gemeente Proefstad
    soort: gemeente
  - sleutel: politie
    naam: Politie basisteam
    soort: politie
"""
