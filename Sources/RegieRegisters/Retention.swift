import Foundation
import RegieCore

/// What the purge does with one record.
public enum PurgeStep: Hashable, Sendable {
    case anonymise(UUID)
    case delete(UUID)
    /// Past its period, but a legal hold stops it.
    case held(UUID, reason: String)
}

/// Decides what is past its retention period. Pure, so the trial run (`--proef`) and the real
/// run decide the same. The period starts at the closing date; a record that was never closed
/// starts at its own date, so open records do not live for ever either.
public enum RetentionRules {
    public static func steps(for records: [StoredRecord], register: RegisterDefinition, now: Date) -> [PurgeStep] {
        records.compactMap { record in
            let expiry = register.retention.expiry(from: record.closedOn ?? record.date)
            guard expiry <= now else { return nil }
            if let hold = record.legalHold { return .held(record.id, reason: hold) }
            switch register.retention.end {
            case .delete: return .delete(record.id)
            case .anonymise: return record.anonymised ? nil : .anonymise(record.id)
            }
        }
    }
}

/// The outcome of one purge run, in Dutch for the command line and the scheduled job's log.
public struct PurgeReport: Hashable, Sendable {
    public var register: String
    public var anonymised: Int
    public var deleted: Int
    public var held: Int
    public var trial: Bool

    public init(register: String, anonymised: Int = 0, deleted: Int = 0, held: Int = 0, trial: Bool) {
        self.register = register
        self.anonymised = anonymised
        self.deleted = deleted
        self.held = held
        self.trial = trial
    }

    public var line: String {
        let held = "\(held) \(held == 1 ? "blijft" : "blijven") staan door een bewaarplicht (legal hold)"
        if trial {
            return "\(register) (proef, er is niets gewijzigd): Regie zou \(anonymised) \(Self.records(anonymised)) anonimiseren en \(deleted) vernietigen; \(held)."
        }
        return "\(register): \(anonymised) \(Self.records(anonymised)) geanonimiseerd en \(deleted) vernietigd; \(held)."
    }

    static func records(_ n: Int) -> String { n == 1 ? "registratie" : "registraties" }
}
