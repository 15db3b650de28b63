import Foundation
import RegieCore

/// The answer to a subject-access request (inzageverzoek, art. 15 AVG) for one person: every
/// record held about them in the registers the asker owns, and every disclosure (to whom, when,
/// why). Reporters are never named (protection of reporters, art. 41 UAVG), and a restriction
/// recorded for a record is stated with its reason instead of the content.
public struct SubjectAccessReport: Hashable, Sendable {
    public struct Item: Hashable, Sendable {
        public var register: String
        public var reference: String
        public var date: Date
        public var held: [String]
        public var restrictions: [String]
        public var disclosures: [String]
    }

    public var madeOn: Date
    public var items: [Item]

    /// The document as plain text, in Dutch, ready to be put on paper or into a letter.
    public var text: String {
        var lines = ["Overzicht bij een inzageverzoek (artikel 15 AVG)", "Opgesteld op \(dayText(madeOn))", ""]
        if items.isEmpty {
            lines.append("In de registers staan geen gegevens over deze persoon.")
        }
        for item in items {
            lines.append("\(item.register), registratie \(item.reference) van \(dayText(item.date))")
            if item.restrictions.isEmpty {
                lines += item.held.map { "  Vastgelegd: \($0)" }
            } else {
                lines += item.restrictions.map { "  Inzage beperkt (art. 41 UAVG): \($0)" }
            }
            if item.disclosures.isEmpty {
                lines.append("  Verstrekt: niet aan anderen verstrekt.")
            } else {
                lines += item.disclosures.map { "  Verstrekt: \($0)" }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}

extension RegisterService {
    /// Gathers the answer for the person identified by `identity`, from the registers of the
    /// municipality that the asker owns; logs the disclosure to the subject on every record.
    public func subjectAccess(_ identity: SubjectIdentity, context: Context, now: Date = Date()) async throws -> SubjectAccessReport {
        guard let municipality = context.actor.tenant.municipality else { throw RegisterError.notAllowed("een inzageverzoek beantwoorden") }
        let pseudonym = logKeys.pseudonym(identity)
        var owned: [UUID: RegisterDefinition] = [:]
        for register in try await store.registers(of: municipality)
        where RegisterAccessPolicy.mayManage(context.actor, register: register, access: try await store.accessList(register.id)) {
            owned[register.id] = register
        }
        guard !owned.isEmpty else { throw RegisterError.notAllowed("een inzageverzoek beantwoorden") }
        var items: [SubjectAccessReport.Item] = []
        var log: [ProcessingLogEntry] = []
        for record in try await store.records(municipality: municipality, pseudonym: pseudonym) {
            guard let register = owned[record.register] else { continue }
            var held: [String] = []
            switch record.kind {
            case .signal:
                let signal = try signal(from: record)
                held.append("signaal over \(signal.phenomena.map(\.name).joined(separator: ", ")), ontvangen via \(signal.facts.source.name), status \(signal.status.name)")
                held += signal.content.subjects.filter { $0.identity == identity }.map(\.description)
                if !signal.content.description.isEmpty { held.append("omschrijving: \(signal.content.description)") }
            case .incident:
                let incident = try await openIncidentUnlogged(record)
                held.append("incident (\(incident.kind.name)) in wijk \(incident.district), duiding \(incident.facts.interpretation.name), vervolg \(incident.facts.followUp.name)")
                if let person = incident.content.person { held.append(person.description) }
                if !incident.content.note.isEmpty { held.append("notitie: \(incident.content.note)") }
            case .meeting:
                continue
            }
            var disclosures = try await store.shares(record: record.id).map {
                "aan \($0.organisation.rawValue) op \(dayText($0.sharedAt)), doel: \($0.purpose)"
            }
            for line in try await store.log(record: record.id) where line.operation == .read && line.dataSubject == pseudonym && line.recipient != nil {
                disclosures.append("ingezien door \(line.recipient ?? "") op \(dayText(line.start))")
            }
            items.append(SubjectAccessReport.Item(register: register.name, reference: record.reference, date: record.date, held: held,
                                                  restrictions: try await store.restrictions(record: record.id), disclosures: disclosures))
            var line = ProcessingLogEntry(traceID: context.traceID, operation: .subjectAccess, start: now, end: now,
                                          processingActivity: register.processingActivity, register: register.id, record: record.id,
                                          dataSubject: pseudonym, actor: context.actor.account, purpose: "inzageverzoek art. 15 AVG")
            line.recipient = "betrokkene"
            log.append(line)
        }
        try await store.appendLog(log)
        return SubjectAccessReport(madeOn: now, items: items)
    }

    func openIncidentUnlogged(_ record: StoredRecord) async throws -> Incident {
        let facts = try JSONDecoder().decode(IncidentFacts.self, from: Data(record.facts.utf8))
        let content = try record.sealed.map { try sealer.open(IncidentContent.self, $0, context: record.sealingContext) } ?? IncidentContent()
        return Incident(id: record.id, reference: record.reference, occurredAt: record.date, district: record.district ?? "",
                        kind: record.categories.first.flatMap(IncidentKind.init(rawValue:)) ?? .other, facts: facts, content: content)
    }
}
