import ArgumentParser
import Foundation
import RegieCore
import RegieWeb

/// `regie registers …`: the registers' jobs for a beheerder or a scheduled task (docs/registers.md).
struct RegistersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registers",
        abstract: "Beheer van de registers met persoonsgegevens: opschonen, sleutels, verwerkingenlog en verwerkingsregister.",
        subcommands: [Purge.self, AddKey.self, Rekey.self, CheckLog.self, ProcessingRecordExport.self]
    )

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "opschonen",
            abstract: "Anonimiseer of vernietig wat over de bewaartermijn van zijn register is.",
            discussion: """
            Per register geldt de bewaartermijn en wat er daarna gebeurt (anonimiseren of vernietigen). Registraties met \
            een bewaarplicht (legal hold) blijven staan. Elke registratie gaat in een eigen transactie met een regel in het \
            verwerkingenlog en het logboek: wordt het opschonen onderbroken, dan is elke registratie óf onaangeroerd óf \
            klaar, en maakt de volgende keer het af. Geschikt voor een dagelijkse taak (cron).
            """)

        @Flag(name: .customLong("proef"), help: "Alleen tellen wat er zou gebeuren; er verandert niets.")
        var trial = false

        func run() async throws {
            for line in try await RegieRuntime.purgeRegisters(try RegieConfiguration.fromEnvironment(), trial: trial) { print(line) }
        }
    }

    struct AddKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sleutel-toevoegen",
            abstract: "Voeg een nieuwe huidige registersleutel toe aan het sleutelbestand (stap 1 van het roteren).")

        func run() async throws {
            for line in try RegieRuntime.addRegisterKey(try RegieConfiguration.fromEnvironment()) { print(line) }
        }
    }

    struct Rekey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hersleutelen",
            abstract: "Versleutel alles wat nog een oudere sleutel heeft opnieuw met de huidige (stap 2 van het roteren).",
            discussion: """
            Werkt in porties en per registratie in een eigen transactie, terwijl Regie in gebruik blijft. Een registratie \
            die intussen is gewijzigd, wordt overgeslagen en de volgende keer meegenomen.
            """)

        func run() async throws {
            for line in try await RegieRuntime.rekeyRegisters(try RegieConfiguration.fromEnvironment()) { print(line) }
        }
    }

    struct CheckLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log-controleren",
            abstract: "Controleer het verwerkingenlog van de registers: elke regel tegen de vorige.",
            discussion: "Eindigt met foutcode 1 als een regel is gewijzigd of er regels ontbreken; geschikt voor een dagelijkse taak (cron).")

        func run() async throws {
            let report = try await RegieRuntime.checkProcessingLog(try RegieConfiguration.fromEnvironment())
            for line in report.lines { print(line) }
            if !report.intact { throw ExitCode(1) }
        }
    }

    struct ProcessingRecordExport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verwerkingsregister",
            abstract: "Schrijf het verwerkingsregister (AVG art. 30) van de registers als CSV naar standaarduitvoer.")

        @Option(name: .customLong("gemeente"), help: "Alleen de registers van deze gemeente, met haar CBS-code (bijvoorbeeld GM0037).")
        var municipality: String?

        func validate() throws {
            if let municipality, MunicipalityCode(municipality) == nil {
                throw ValidationError("\"\(municipality)\" is geen gemeentecode: gebruik GM met vier cijfers, bijvoorbeeld GM0037.")
            }
        }

        func run() async throws {
            let csv = try await RegieRuntime.processingRecordCSV(try RegieConfiguration.fromEnvironment(),
                                                                 municipality: municipality.flatMap(MunicipalityCode.init))
            FileHandle.standardOutput.write(Data(csv.utf8))
        }
    }
}
