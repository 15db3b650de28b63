import ArgumentParser
import Foundation
import RegieWeb

/// `regie audit controleer`: checks the whole audit trail, for a scheduled job or after an incident.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Het logboek (audit trail) controleren.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "controleer",
            abstract: "Controleer het hele logboek: elke regel tegen de vorige, ontbrekende regels en de vastgelegde ankers.",
            discussion: """
            Leest het logboek regel voor regel (niet alles tegelijk in het geheugen), controleert de keten met de sleutel \
            (REGIE_SLEUTEL, REGIE_SLEUTELBESTAND of regie.sleutel naast de database) en vergelijkt de database met de \
            koppen die in het ankerbestand (REGIE_ANKERBESTAND of regie.anker) zijn vastgelegd, zodat ook verwijderde \
            nieuwste regels opvallen. Noemt de eerste regel die niet klopt. Klopt alles, dan wordt de kop opnieuw \
            vastgelegd. Eindigt met foutcode 1 als het logboek niet klopt; geschikt voor een dagelijkse taak (cron).
            """)

        func run() async throws {
            let report = try await RegieRuntime.checkAuditTrail(try RegieConfiguration.fromEnvironment())
            for line in report.lines { print(line) }
            if !report.intact { throw ExitCode(1) }
        }
    }
}
