import ArgumentParser
import Foundation
import RegieCore
import RegieImporter
import RegiePlanFile
import RegieWeb

@main
struct Regie: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regie",
        abstract: "Regie: integraal veiligheidsbeleid als gegevens.",
        discussion: """
        De database is een SQLite-bestand (regie.sqlite) tenzij DATABASE_URL een postgres://-adres is.
        De sleutel voor het logboek en de tweestapsverificatie staat buiten de database: REGIE_SLEUTEL, \
        REGIE_SLEUTELBESTAND of (bij SQLite) regie.sleutel naast de database. Zie docs/accounts.md.
        """,
        subcommands: [Serve.self, Migrate.self, PlanCommand.self, DataCommand.self, UserCommand.self, AuditCommand.self, RegistersCommand.self]
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start de webapplicatie.")

    @Flag(help: "Laad de voorbeeldplannen, de voorbeeldcijfers (map cijfers) en demo-accounts als de database nog leeg is. Nooit in productie gebruiken: de demo-accounts hebben een bekend wachtwoord.")
    var demo = false

    @Option(help: "De map met voorbeeldplannen voor --demo.")
    var examples = "examples"

    @Option(help: "Het adres waarop de server luistert.")
    var hostname = "127.0.0.1"

    @Option(help: "De poort waarop de server luistert.")
    var port = 8080

    func run() async throws {
        let configuration = try RegieConfiguration.fromEnvironment()
        say("Database: \(configuration.database)")
        try await RegieRuntime.serve(configuration, hostname: hostname, port: port) { plans, statistics, accounts, registers in
            if demo {
                try await loadDemo(into: plans)
                try await loadDemoFigures(into: statistics)
                try await DemoAccounts.create(in: accounts, plans: plans)
                try await DemoAccounts.createRegisters(registers, accounts: accounts, plans: plans, today: configuration.today)
            } else if try await accounts.accounts(of: nil).isEmpty {
                say("Er zijn nog geen accounts. Maak het eerste account met: regie user add NAAM --naam \"…\" --gemeente GM0000 --rol beheerder --rol beleidsmedewerker")
            }
            say("Regie draait op http://\(hostname):\(port)/ (stoppen met Ctrl+C)")
        }
    }

    /// Imports the example figures (`examples/cijfers`: invented crime counts in the official
    /// layout, real population figures) through the same importer as real downloads. Only the
    /// `voorbeeld-…` entries are marked as invented: real figures imported later win over them.
    private func loadDemoFigures(into repository: any StatisticsRepository) async throws {
        guard try await repository.tables().isEmpty else { return }
        let folder = URL(fileURLWithPath: examples).appendingPathComponent("cijfers")
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for entry in entries.sorted() {
            let url = folder.appendingPathComponent(entry)
            do {
                let invented = DataImport.isExampleEntry(entry)
                let result = try await DataImport.run(url, example: invented, into: repository)
                say((invented ? "Verzonnen voorbeeldcijfers ingelezen: " : "Echte open data ingelezen: ")
                    + "\(result.table.title) (\(result.summary.observations) cijfers)")
            } catch {
                throw ValidationError("De voorbeeldcijfers in \(entry) konden niet worden ingelezen:\n\(error)")
            }
        }
    }

    private func loadDemo(into repository: any PlanRepository) async throws {
        guard try await repository.isEmpty() else {
            say("De database bevat al plannen; de voorbeelden worden niet opnieuw geladen.")
            return
        }
        let files: [String]
        do {
            files = try PlanFiles.examples(in: examples)
        } catch {
            throw ValidationError("De map met voorbeelden \"\(examples)\" is niet gevonden. Start Regie vanuit de map van het project of geef --examples MAP.")
        }
        switch PlanFiles.readAll(files) {
        case .plans(let plans):
            // The demo adds invented running data (programmes, progress, measurements) to two examples.
            try await ExampleExecution.store(plans, in: repository)
            say("Voorbeeldplannen geladen: " + plans.map(\.title).joined(separator: "; "))
        case .problems(let failures):
            throw ValidationError("De voorbeeldplannen bevatten fouten:\n" + failures.map(\.description).joined(separator: "\n"))
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Werk de database bij naar de nieuwste structuur.")

    func run() async throws {
        let configuration = try RegieConfiguration.fromEnvironment()
        // The number of steps, when there were any, is announced while the database opens.
        try await RegieRuntime.withRepository(configuration) { _ in }
        print("De database (\(configuration.database)) heeft de nieuwste structuur.")
    }
}

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Planbestanden inlezen, uitschrijven en controleren.",
        subcommands: [Import.self, Export.self, Validate.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lees een of meer planbestanden in. Alleen als alle bestanden foutloos zijn, wordt alles in één keer opgeslagen.",
            discussion: """
            Een nieuw plan wordt toegevoegd. Bestaat een plan met dezelfde sleutel al, dan laat Regie zien wat er verandert en \
            vervangt het alleen met --vervang. Een vastgesteld plan wordt nooit overschreven: het bestand wordt dan een nieuwe \
            versie (als concept) en de vastgestelde versie blijft bewaard. Voortgang die in Regie is bijgewerkt, blijft staan \
            als het bestand voor die actie geen voortgang heeft. Heeft de database accounts, geef dan met --account (of \
            REGIE_ACCOUNT) aan wie inleest; dat komt in het logboek.
            """)

        @Argument(help: "De planbestanden (YAML).")
        var files: [String]

        @Flag(name: .customLong("vervang"), help: "Vervang plannen die al bestaan (na controle van de getoonde wijzigingen).")
        var replace = false

        @Option(name: .customLong("account"), help: "Uw gebruikersnaam in Regie, voor het logboek (anders REGIE_ACCOUNT). Nodig als de database accounts heeft.")
        var account: String?

        @Option(name: .customLong("reden"), help: "Waarom er een nieuwe versie van een vastgesteld plan komt (voor de versiegeschiedenis).")
        var reason: String?

        func run() async throws {
            let plans: [(file: String, plan: Plan)]
            switch PlanFiles.readEach(files) {
            case .success(let read): plans = read
            case .failure(let failures):
                printProblems(failures.problems)
                print("Er is niets ingelezen.")
                throw ExitCode(1)
            }
            let request = PlanImport.Request(
                plans: plans, replace: replace,
                accountName: account ?? ProcessInfo.processInfo.environment["REGIE_ACCOUNT"],
                reason: reason,
                commandLine: (["regie"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
            do {
                let report = try await RegieRuntime.withAccounts(try RegieConfiguration.fromEnvironment()) { accounts, repository in
                    try await PlanImport.run(request, plans: repository, accounts: accounts)
                }
                for line in report.lines { print(line) }
            } catch let refusal as PlanImport.Refusal {
                for line in refusal.lines { print(line) }
                var standardError = FileHandle.standardError
                print(refusal.reason, to: &standardError)
                throw ExitCode(1)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Schrijf een opgeslagen plan uit als planbestand.")

        @Argument(help: "De sleutel van het plan, bijv. stadskanaal-2020-2024.")
        var key: String

        @Option(name: .shortAndLong, help: "Schrijf naar dit bestand in plaats van naar het scherm.")
        var output: String?

        func run() async throws {
            guard let planKey = Key(key) else {
                throw ValidationError("\"\(key)\" is geen geldige plansleutel (kleine letters, cijfers en -).")
            }
            let plan = try await RegieRuntime.withRepository(try RegieConfiguration.fromEnvironment()) { try await $0.plan(planKey) }
            guard let plan else {
                print("Er is geen plan met sleutel \"\(key)\".")
                throw ExitCode(1)
            }
            let text = PlanFileWriter.write(plan)
            if let output {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
                print("Uitgeschreven naar \(output).")
            } else {
                print(text, terminator: "")
            }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Controleer planbestanden zonder iets op te slaan.")

        @Argument(help: "De planbestanden (YAML).")
        var files: [String]

        func run() async throws {
            var failures: [PlanFiles.FileProblems] = []
            for file in files {
                switch PlanFiles.read(file) {
                case .success(let plan): print("\(file): in orde (\(plan.title), \(plan.allThemes.count) thema's)")
                case .failure(let problems): failures.append(problems)
                }
            }
            if !failures.isEmpty {
                printProblems(failures)
                throw ExitCode(1)
            }
        }
    }
}

struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Open data van politie en CBS inlezen.",
        subcommands: [Import.self, Versions.self, AnalyseCommand.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lees cijfers in van politie, CBS of de eigen gemeente; Regie herkent de indeling aan de inhoud.",
            discussion: """
            Regie leest: een map met een OData-tabel (metadata als CSV of JSON, met het databestand); een CBS-bulkdownload \
            (databestand met het metadatabestand met secties, of een map met beide); een OData-databestand als JSON of CSV; \
            een StatLine-export (lang of breed); een Veiligheidsmonitor-export; eigen reeksen volgens het sjabloon \
            regio;periode;reeks;waarde. Zie docs/data-import.md.
            Alle regels worden gecontroleerd; bij één fout wordt niets opgeslagen. Een nieuwe download van een tabel die er al is, \
            vult die aan: de perioden en regio's in het bestand komen erbij of worden herzien, de andere cijfers blijven staan. \
            Met --vervang wordt het bestand de hele tabel. Elke download wordt een nieuwe versie; zie regie data versies.
            """)

        @Argument(help: "Het bestand of de map met de cijfers.")
        var path: String

        @Option(name: .customLong("tabel"), help: "De tabelcode waaronder de cijfers worden opgeslagen, bijv. 37230ned (anders uit de metadata, de bestandsnaam of de indeling).")
        var table: String?

        @Option(name: .customLong("metadata"), help: "De metadata van de tabel: een map (DataProperties.csv of .json met codelijsten) of het metadatabestand van een bulkdownload. Nodig bij een databestand zonder metadata ernaast en bij StatLine-exporten per wijk of buurt; andere StatLine-exporten leest Regie met de ingebouwde codelijsten.")
        var metadata: String?

        @Option(name: .customLong("periode"), help: "Het jaar waarover de cijfers gaan, alleen bij een tabel zonder perioden (zoals de kerncijfers wijken en buurten); gaat voor de peildatum uit de metadata.")
        var period: Int?

        @Flag(name: .customLong("vervang"), help: "Vervang de hele opgeslagen tabel door dit bestand; cijfers die niet in het bestand staan, verdwijnen. Zonder deze optie vult het bestand de tabel aan.")
        var replace = false

        func run() async throws {
            let started = Date()
            let progress: @Sendable (Int) -> Void = { rows in
                FileHandle.standardError.write("\r\(rows.formatted(.number.locale(Locale(identifier: "nl_NL")))) regels gelezen")
            }
            do {
                let result = try await RegieRuntime.withStatistics(try RegieConfiguration.fromEnvironment()) { repository in
                    try await DataImport.run(URL(fileURLWithPath: path), identifier: table, metadata: metadata.map { URL(fileURLWithPath: $0) },
                                             period: period, mode: replace ? .replace : .addUp, into: repository, progress: progress)
                }
                FileHandle.standardError.write("\n")
                let seconds = Date().timeIntervalSince(started)
                let summary = result.summary
                print("Gelezen als: \(result.layout).")
                for note in result.notes { print(note) }
                print("Tabel \(result.table.identifier) (\(result.table.title)) ingelezen.")
                let regions = summary.regions.count == 1 ? "1 regio" : "\(summary.regions.count) regio's"
                let periods = summary.periods.count == 1 ? "1 periode" : "\(summary.periods.count) perioden"
                let duration = String(format: "%.1f", seconds).replacingOccurrences(of: ".", with: ",")
                print("\(summary.rows) regels, \(summary.observations) cijfers (\(summary.missingValues) ontbrekend), \(regions), \(periods), in \(duration) s.")
                for line in result.outcome.sentences(table: result.table.identifier) { print(line) }
                if result.outcome.changes.revised > 0 {
                    print("Welke cijfers zijn herzien: regie data versies \(result.table.identifier) --versie \(result.outcome.revision)")
                }
            } catch let problems as ImportProblems {
                FileHandle.standardError.write("\n")
                var standardError = FileHandle.standardError
                print("Er is niets ingelezen:", to: &standardError)
                for problem in problems.problems { print("  - \(problem)", to: &standardError) }
                throw ExitCode(1)
            }
        }
    }
}

extension DataCommand {
    struct Versions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "versies",
            abstract: "Toon de versies (downloads) van een ingelezen tabel, of welke cijfers een versie herzag.")

        @Argument(help: "De tabelcode, bijv. 47013NED.")
        var table: String

        @Option(name: .customLong("versie"), help: "Toon de cijfers die deze versie herzag, met de oude en de nieuwe waarde.")
        var revision: Int?

        @Option(name: .customLong("max"), help: "Hoeveel herziene cijfers ten hoogste worden getoond (standaard 200).")
        var limit = 200

        func run() async throws {
            var standardError = FileHandle.standardError
            let table = self.table, revision = self.revision, limit = self.limit
            let found = try await RegieRuntime.withStatistics(try RegieConfiguration.fromEnvironment()) { repository in
                let revisions = try await repository.revisions(table: table)
                var changes: (changes: [StatisticsRevisionChange], total: Int)?
                if let revision { changes = try await repository.revisionChanges(table: table, revision: revision, limit: limit) }
                let measures = try await repository.table(table)?.measures ?? []
                return (revisions, changes, Dictionary(measures.map { ($0.key, $0.title) }, uniquingKeysWith: { a, _ in a }))
            }
            guard !found.0.isEmpty else {
                print("Regie heeft geen tabel \(table). Ingelezen tabellen staan op /beheer/cijfers.", to: &standardError)
                throw ExitCode(1)
            }
            guard let revision else {
                print("Tabel \(table): \(found.0.count) \(found.0.count == 1 ? "versie" : "versies"), nieuwste eerst.")
                let date = Date.FormatStyle(date: .numeric, time: .shortened).locale(Locale(identifier: "nl_NL"))
                for entry in found.0 { print("  \(entry.importedAt.formatted(date)): \(entry.sentence)") }
                return
            }
            guard let entry = found.0.first(where: { $0.revision == revision }), let changes = found.1 else {
                print("Tabel \(table) heeft geen versie \(revision); er zijn versies \(found.0.map { String($0.revision) }.reversed().joined(separator: ", ")).", to: &standardError)
                throw ExitCode(1)
            }
            print("Tabel \(table), \(entry.sentence).")
            guard changes.total > 0 else {
                print(entry.changes == nil ? "Van deze versie is niet bijgehouden welke cijfers veranderden." : "Deze versie herzag geen cijfers.")
                return
            }
            print("Herziene cijfers (regio; periode; categorie; onderwerp; oud; nieuw):")
            for change in changes.changes {
                print("  \(change.region); \(change.period.words); \(change.category.isEmpty ? "-" : change.category); \(found.2[change.measure] ?? change.measure); "
                      + "\(Self.value(change.before)); \(Self.value(change.after))")
            }
            if changes.total > changes.changes.count {
                print("… en nog \(changes.total - changes.changes.count) herziene cijfers (toon meer met --max).")
            }
        }

        static func value(_ value: Double?) -> String {
            guard let value else { return "geen cijfer" }
            return value.formatted(.number.locale(Locale(identifier: "nl_NL")).grouping(.never))
        }
    }
}

func printProblems(_ failures: [PlanFiles.FileProblems]) {
    for failure in failures {
        var standardError = FileHandle.standardError
        print(failure.description, to: &standardError)
    }
}

extension FileHandle: @retroactive TextOutputStream {
    public func write(_ string: String) { write(Data(string.utf8)) }
}

/// Writes a line to standard output at once (unbuffered), so the server's address shows even
/// when output goes to a file or a pipe.
func say(_ line: String) {
    FileHandle.standardOutput.write(line + "\n")
}
