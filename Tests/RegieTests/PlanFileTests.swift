import Foundation
import RegieCore
import RegiePlanFile
import RegieWeb
import Testing

@Suite("Plan files")
struct PlanFileTests {
    @Test("Every example plan reads without problems")
    func examplesRead() throws {
        let paths = try examplePaths()
        #expect(paths.count >= 4)
        for path in paths {
            let plan = try PlanFileReader.read(try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(!plan.allThemes.isEmpty, "\(path)")
        }
    }

    @Test("Export followed by import gives back the same plan, and the same file again")
    func roundTrip() throws {
        for path in try examplePaths() {
            let original = try PlanFileReader.read(try Data(contentsOf: URL(fileURLWithPath: path)))
            let written = PlanFileWriter.write(original)
            let reread = try PlanFileReader.read(written)
            #expect(reread == original, "\(path)")
            #expect(PlanFileWriter.write(reread) == written, "\(path)")
        }
    }

    @Test("The examples exercise every part of the model")
    func examplesCoverTheModel() throws {
        let stadskanaal = try example("stadskanaal-2020-2024.yaml")
        #expect(stadskanaal.themes.filter { $0.role == .priority }.count == 7)
        #expect(stadskanaal.themes.allSatisfy { !$0.goals.isEmpty && !$0.actions.isEmpty })
        #expect(stadskanaal.themes.flatMap(\.actions).allSatisfy { $0.planning != nil })
        #expect(stadskanaal.status == .adopted && !stadskanaal.adoptions.isEmpty)

        let doetinchem = try example("doetinchem-2020-2023.yaml")
        #expect(doetinchem.kind == .framework)
        #expect(doetinchem.themes.filter { $0.role == .priority }.count == 2)
        #expect(doetinchem.themes.contains { $0.role == .ongoing })

        let meierij = try example("basisteam-meierij-2023-2026.yaml")
        guard case .collaboration(let collaboration) = meierij.owner else {
            Issue.record("Meierij should be owned by a collaboration")
            return
        }
        #expect(collaboration.members.count == 5)
        #expect(meierij.themes.filter { $0.role == .strategicTheme }.count == 4)
        #expect(meierij.focusLenses.count == 3)
        #expect(meierij.localChapters.count == 5)
        #expect(meierij.finances.lines.contains { $0.basis == .perInhabitant && $0.amount == 1 })
        #expect(meierij.themes.contains { !$0.tracks.isEmpty })

        let lindewaarde = try example("lindewaarde-2025-2028.yaml")
        #expect(Set(lindewaarde.themes.compactMap(\.direction)).count == 3)
        #expect(lindewaarde.themes.contains { $0.role == .foundation })
        #expect(Set(lindewaarde.themes.filter { $0.role == .ongoing }.compactMap(\.field)) == Set(SafetyField.allCases))
        #expect(lindewaarde.consultationBodies.count >= 5)
        #expect(lindewaarde.themes.flatMap(\.indicators).contains { $0.baseline != nil && $0.target != nil })
    }

    @Test("A malformed YAML file gives the line and a Dutch reason")
    func malformedYAML() {
        let found = problems(in: "sleutel: a\nthemas:\n  - sleutel: [b\n")
        #expect(found.count == 1)
        #expect(found[0].line != nil)
        #expect(found[0].message.contains("geen geldige YAML"))
    }

    @Test("A key written twice in one part is refused")
    func duplicateYAMLKey() {
        let found = problems(in: minimalPlanFile + "\ntitel: Nog een titel\n")
        #expect(found.count == 1)
        #expect(found[0].message.contains("\"titel\" staat twee keer"))
    }

    @Test("Every problem in a file is reported at once, each with its place")
    func allProblemsAtOnce() {
        let text = minimalPlanFile
            .replacingOccurrences(of: "rol: prioriteit", with: "rol: superprioriteit")
            .replacingOccurrences(of: "planning: 2025", with: "planning: 2020/21")
            .replacingOccurrences(of: "partners: [politie]", with: "partners: [wijkagent]")
            .replacingOccurrences(of: "periode: 2024-2027", with: "periode: 2027-2024")
        let found = problems(in: text).map(\.description)
        #expect(found.contains { $0.hasPrefix("themas[0].rol (regel 11): \"superprioriteit\" is geen geldige waarde") })
        #expect(found.contains("themas[0].acties[0].planning (regel 18): \"2020/21\" is geen geldige periode (gebruik bijv. 2020, 2020-2021 of 2021-Q3, of doorlopend)"))
        #expect(found.contains { $0.hasPrefix("periode (regel 6): \"2027-2024\": het einde van de periode ligt voor het begin") })
        #expect(found.count == 3, "\(found)")
    }

    @Test("References to partners, goals and themes must resolve")
    func brokenReferences() {
        let text = minimalPlanFile
            .replacingOccurrences(of: "partners: [politie]", with: "partners: [wijkagent]")
            .replacingOccurrences(of: "doel: minder-inbraken", with: "doel: meer-inbraken")
        let found = problems(in: text).map(\.description)
        #expect(found == [
            "themas[0].acties[0].partners[0] (regel 20): partner \"wijkagent\" bestaat niet in dit plan (partners: gemeente, politie)",
            "themas[0].acties[0].doel (regel 21): doel \"meer-inbraken\" bestaat niet in dit thema; bedoelde u \"minder-inbraken\"?",
        ])
    }

    @Test("Duplicate keys, empty titles and unknown fields are named")
    func duplicatesAndEmpties() {
        let text = minimalPlanFile
            .replacingOccurrences(of: "titel: Veilig Proefstad", with: "titel: \"\"")
            .replacingOccurrences(of: "  - sleutel: politie\n    naam: Politie basisteam", with: "  - sleutel: gemeente\n    naam: Politie basisteam")
            .replacingOccurrences(of: "    rol: prioriteit", with: "    rol: prioriteit\n    prioriteit: hoog")
        let found = problems(in: text).map(\.description)
        #expect(found.contains("titel (regel 3): mag niet leeg zijn"))
        #expect(found.contains { $0.contains("onbekende sleutel \"prioriteit\"") })
        // The title problem stops the plan from being built, so reference checks wait for it.
        let withTitle = text.replacingOccurrences(of: "titel: \"\"", with: "titel: Veilig Proefstad")
        let second = problems(in: withTitle).map(\.description)
        #expect(second.contains("partners[1].sleutel (regel 27): sleutel \"gemeente\" is al gebruikt bij partners[0].sleutel (regel 24); een sleutel moet uniek zijn"), "\(second)")
    }

    @Test("Items that could not be read do not shift the places of later problems")
    func positionsAfterDroppedItems() {
        let text = minimalPlanFile.replacingOccurrences(of: "themas:\n", with: "themas:\n  - titel: zonder sleutel\n    rol: prioriteit\n")
            .replacingOccurrences(of: "partners: [politie]", with: "partners: [wijkagent]")
        let found = problems(in: text).map(\.description)
        #expect(found.contains("themas[0].sleutel (regel 9): ontbreekt; dit veld is verplicht"))
        #expect(found.contains { $0.hasPrefix("themas[1].acties[0].partners[0]") })
    }

    @Test("Not a plan at all: empty, a list, not UTF-8")
    func notAPlan() {
        #expect(problems(in: "").map(\.message) == ["het bestand is leeg"])
        #expect(problems(in: "- a\n- b\n")[0].message.hasPrefix("verwacht een onderdeel met sleutels"))
        do {
            _ = try PlanFileReader.read(Data([0xFF, 0xFE, 0x00, 0x41]))
            Issue.record("binary data should not read")
        } catch {
            #expect(error.problems[0].message.contains("UTF-8"))
        }
    }

    @Test("Decimal commas and quoted values read as a Dutch writer means them")
    func lenientScalars() throws {
        let text = minimalPlanFile + "\n" + """
        financien:
          posten:
            - omschrijving: Voorlichting
              bedrag: "1250,50"
              jaar: "2025"

        """
        let plan = try PlanFileReader.read(text)
        #expect(plan.finances.lines[0].amount == Decimal(string: "1250.50"))
        #expect(plan.finances.lines[0].year == 2025)
    }
}

@Suite("Reading plan files from disk")
struct PlanFilesOnDiskTests {
    @Test("One bad file among good ones: every problem of every file, and no plans to store")
    func oneBadFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regie-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("goed.yaml").path
        let bad = directory.appendingPathComponent("fout.yaml").path
        let again = directory.appendingPathComponent("nogmaals.yaml").path
        try minimalPlanFile.write(toFile: good, atomically: true, encoding: .utf8)
        try minimalPlanFile.replacingOccurrences(of: "rol: prioriteit", with: "rol: onbekend")
            .write(toFile: bad, atomically: true, encoding: .utf8)
        try minimalPlanFile.write(toFile: again, atomically: true, encoding: .utf8)

        guard case .problems(let failures) = PlanFiles.readAll([good, bad, again, directory.appendingPathComponent("weg.yaml").path]) else {
            Issue.record("reading should fail")
            return
        }
        #expect(failures.map(\.file) == [bad, again, directory.appendingPathComponent("weg.yaml").path])
        #expect(failures[0].problems[0].description.hasPrefix("themas[0].rol (regel 11): \"onbekend\" is geen geldige waarde"))
        #expect(failures[1].problems[0].message.contains("staat ook in"))
        #expect(failures[2].problems[0].message == "het bestand bestaat niet")

        guard case .plans(let plans) = PlanFiles.readAll([good]) else {
            Issue.record("a good file should read")
            return
        }
        #expect(plans.map(\.title) == ["Veilig Proefstad"])
    }
}

@Suite("Hostile plan files")
struct HostilePlanFileTests {
    @Test("Aliases that multiply a small file into hundreds of thousands of objects are stopped with a clear message")
    func aliasExpansion() {
        let n = 60
        let actions = Array(repeating: "*actie", count: n).joined(separator: ", ")
        let tracks = Array(repeating: "*spoor", count: n).joined(separator: ", ")
        let themes = Array(repeating: "*thema", count: n).joined(separator: ", ")
        let text = """
        sleutel: bom
        soort: overig
        titel: Bom
        eigenaar: { gemeente: { code: GM9999, naam: Bom } }
        periode: 2024
        status: concept
        partners:
          - &actie { sleutel: a, omschrijving: b }
          - &spoor { sleutel: s, titel: t, acties: [\(actions)] }
          - &thema { sleutel: t, titel: t, rol: prioriteit, sporen: [\(tracks)] }
        themas: [\(themes)]
        """
        let found = problems(in: text)
        #expect(found.contains { $0.message.contains("meer dan 20000 onderdelen") })
    }
}
