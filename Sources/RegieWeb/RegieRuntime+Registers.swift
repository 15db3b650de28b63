import Foundation
import RegieCore
import RegiePersistence
import RegieRegisters
import Vapor

/// The registers' jobs for the command line (`regie registers …`): purge, key rotation, the
/// processing log's check and the record of processing activities. Every line is Dutch.
extension RegieRuntime {
    /// Anonymises or deletes what is past its retention period in every register, or only counts
    /// it with `trial`. One record per transaction: an interrupted run is finished by the next.
    public static func purgeRegisters(_ configuration: RegieConfiguration, trial: Bool, now: Date = Date()) async throws -> [String] {
        try await withApplication(configuration) { app in
            let registers = try await app.registerStore.allRegisters()
            if registers.isEmpty { return ["Er zijn nog geen registers: er is niets op te schonen."] }
            var lines: [String] = []
            for register in registers {
                lines.append(try await app.registers.purge(register: register.id, now: now, trial: trial).line)
            }
            return lines
        }
    }

    /// Adds a new current key to the key file (rotation, step 1). The running instances take it
    /// on their next start; until then what they seal uses the old key, which stays in the file.
    public static func addRegisterKey(_ configuration: RegieConfiguration) throws -> [String] {
        switch configuration.registerKeys {
        case .file(let path):
            let ring = try RegisterKeyFile.addKey(path)
            return ["Nieuwe registersleutel \(ring.current.id) toegevoegd aan \(path); de oude sleutels blijven staan.",
                    "Start alle servers van Regie een voor een opnieuw en voer daarna `regie registers hersleutelen` uit."]
        case .text:
            return ["De registersleutels komen uit REGIE_REGISTERSLEUTELS: voeg daar achteraan een nieuwe sleutel toe (gescheiden door ;), start de servers een voor een opnieuw en voer daarna `regie registers hersleutelen` uit.",
                    "Een nieuwe sleutel: \(RegisterKey.newKeyText())"]
        case .fixed, .ephemeral:
            return ["Deze database heeft geen blijvende registersleutels (een database in het geheugen): er valt niets te roteren."]
        }
    }

    /// Re-encrypts everything sealed with an older key with the current one (rotation, step 2),
    /// while the registers stay in use.
    public static func rekeyRegisters(_ configuration: RegieConfiguration) async throws -> [String] {
        try await withApplication(configuration) { app in
            let count = try await app.registers.rekey()
            let left = try await app.registerStore.sealedKeyIDs().subtracting([app.registerKeys.current.id])
            var lines = ["\(count) registratie\(count == 1 ? "" : "s") opnieuw versleuteld met sleutel \(app.registerKeys.current.id)."]
            if left.isEmpty {
                lines.append("Alles in de registers is nu versleuteld met de huidige sleutel; oudere sleutels mogen uit het sleutelbestand, nadat er een reservekopie van de database is gemaakt.")
            } else {
                lines.append("Nog versleuteld met een oudere sleutel: \(left.sorted().joined(separator: ", ")). Draait er nog een server met de oude sleutels? Start die opnieuw en voer deze opdracht nogmaals uit.")
            }
            return lines
        }
    }

    /// Checks the processing log from its first line.
    public static func checkProcessingLog(_ configuration: RegieConfiguration) async throws -> (lines: [String], intact: Bool) {
        try await withApplication(configuration) { app in
            let check = try await app.registerStore.checkLog()
            return (check.lines, check.intact)
        }
    }

    /// The record of processing activities (AVG art. 30) as CSV, for one municipality or all.
    public static func processingRecordCSV(_ configuration: RegieConfiguration, municipality: MunicipalityCode?) async throws -> String {
        try await withApplication(configuration) { app in
            let registers = try await app.registerStore.allRegisters().filter { municipality == nil || $0.municipality == municipality }
            return ProcessingRecord.csv(registers)
        }
    }
}
