import Foundation
import RegieCore

/// Dutch texts about the audit trail that more than one place needs: entries Regie writes itself,
/// the outcome of checking the chain (trail page and `regie audit controleer`) and the notice
/// about a password someone else set.
public enum AuditTexts {
    /// The one entry that sums up an interval's failed logins of unknown names.
    public static func unknownLogins(count: Int, from: Date, to: Date) -> AuditEntry {
        AuditEntry(actor: nil, actorName: "onbekende gebruikersnamen", municipalities: [], action: .unknownLoginsCounted,
                   object: "\(Format.number(count)) mislukte inlogpoging\(count == 1 ? "" : "en") met een gebruikersnaam zonder account",
                   after: [AuditValue("Aantal", Format.number(count)), AuditValue("Van", Format.dateTime(from)),
                           AuditValue("Tot", Format.dateTime(to))])
    }

    /// "Uw wachtwoord is op … door … opnieuw ingesteld; …" for a reset by someone else.
    public static func resetNotice(_ entry: AuditEntry) -> String {
        "Uw wachtwoord is op \(Format.dateTime(entry.at)) door \(entry.actorName) opnieuw ingesteld; was u dat niet, of had u er niet om gevraagd, meld het dan meteen bij de beveiligingsfunctionaris of de beheerder van uw organisatie."
    }

    /// The outcome of a check of the whole chain, one sentence per line, as the trail page and the
    /// command line show it. The first line says whether all is well.
    public static func check(_ check: AuditChainCheck) -> [String] {
        var lines: [String] = []
        if check.intact {
            let verdict = switch check.headSequence {
            case 0: "Het logboek is leeg; er is niets te controleren."
            case 1: "Het logboek is in orde: de enige regel klopt met de keten en met de vastgelegde ankers."
            default: "Het logboek is in orde: alle \(Format.number(check.headSequence)) regels kloppen met de keten en met de vastgelegde ankers."
            }
            lines.append(verdict)
        } else {
            lines.append("Het logboek klopt niet: het is buiten Regie om gewijzigd. Meld dit bij de beveiligingsfunctionaris.")
        }
        if let problem = check.firstProblem {
            let reason = switch problem.fault {
            case .hashMismatch: "de inhoud of de controlewaarde is gewijzigd"
            case .missingBefore(let count): "er ontbreken \(Format.number(count)) regel\(count == 1 ? "" : "s") ervoor"
            case .schemeDowngrade: "de regel is herschreven naar de oude, onbeveiligde manier van ketenen"
            }
            lines.append("Eerste regel die niet klopt: regel \(Format.number(problem.sequence)) (\(reason)).")
            if check.problemCount > 1 {
                lines.append("In totaal kloppen \(Format.number(check.problemCount)) regels niet.")
            }
        }
        if check.newestRemoved {
            let removed = check.highestAnchored - check.headSequence
            lines.append("De nieuwste regels zijn verwijderd: de database eindigt bij regel \(Format.number(check.headSequence)), maar regel \(Format.number(check.highestAnchored)) was al vastgelegd (\(Format.number(removed)) regel\(removed == 1 ? "" : "s") of meer weg).")
        }
        for problem in check.anchorProblems.prefix(10) {
            switch problem.kind {
            case .entryMissing where problem.sequence > check.headSequence:
                continue
            case .entryMissing:
                lines.append("Regel \(Format.number(problem.sequence)), vastgelegd op \(Format.dateTime(problem.anchoredAt)), ontbreekt.")
            case .hashDiffers:
                lines.append("Regel \(Format.number(problem.sequence)) is anders dan toen hij op \(Format.dateTime(problem.anchoredAt)) werd vastgelegd.")
            case .anchorForged:
                lines.append("Het ankerbestand bevat een regel die Regie niet heeft geschreven.")
            }
        }
        if check.anchorProblems.count > 10 {
            lines.append("En nog \(Format.number(check.anchorProblems.count - 10)) afwijkingen van de ankers.")
        }
        var facts = "Gecontroleerd: \(Format.number(check.entriesChecked)) regel\(check.entriesChecked == 1 ? "" : "s")"
        if check.checkedFrom > 1 { facts += " vanaf regel \(Format.number(check.checkedFrom)) (de regels ervoor waren al gecontroleerd)" }
        facts += "; vergeleken met \(Format.number(check.anchorsCompared)) anker\(check.anchorsCompared == 1 ? "" : "s")."
        lines.append(facts)
        if check.legacyEntries > 0 {
            lines.append("\(Format.number(check.legacyEntries)) oudere regels zijn nog met SHA-256 zonder sleutel geketend; de nieuwere regels en de ankers beschermen ze.")
        }
        return lines
    }
}
