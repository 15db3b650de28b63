import Foundation
import RegieCore
import RegieRegisters

/// The answer to a subject-access request (art. 15 AVG) as a document for the person: what the
/// registers hold about them, what was restricted and why (art. 41 UAVG), and to whom it was
/// disclosed. Written as DOCX in the municipality's house style, to be checked and sent by the
/// register's owner; the document is confidential and never stored in Regie.
public enum SubjectAccessDocument {
    public static func metadata(_ report: SubjectAccessReport, municipality: String) -> DocumentMetadata {
        let parts = Calendar.dutch.dateComponents([.year, .month, .day], from: report.madeOn)
        let date = CalendarDate(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1) ?? CalendarDate(year: 2000, month: 1, day: 1)!
        var metadata = DocumentMetadata(title: "Overzicht bij uw inzageverzoek", subtitle: "Artikel 15 van de Algemene verordening gegevensbescherming",
                                        issuer: municipality, date: date, status: "concept, te controleren voor verzending", category: "inzageverzoek")
        metadata.confidentiality = "vertrouwelijk"
        return metadata
    }

    public static func blocks(_ report: SubjectAccessReport, municipality: String) -> [DocumentBlock] {
        var blocks: [DocumentBlock] = [
            .paragraph("U vroeg \(municipality) welke gegevens over u zijn vastgelegd in de registers voor openbare orde en veiligheid. "
                       + "Hieronder staat per registratie wat er over u is vastgelegd en aan wie het is verstrekt. Dit overzicht is opgesteld op \(dayText(report.madeOn))."),
        ]
        if report.items.isEmpty {
            blocks.append(.paragraph("In deze registers zijn geen gegevens over u vastgelegd."))
        }
        for item in report.items.sorted(by: { $0.date < $1.date }) {
            blocks.append(.heading(2, "\(item.register): registratie \(item.reference)"))
            blocks.append(.facts([("Datum van de registratie", dayText(item.date))]))
            if item.restrictions.isEmpty {
                blocks.append(.heading(3, "Wat is vastgelegd"))
                blocks.append(.bullets(item.held))
            } else {
                blocks.append(.heading(3, "Beperking van de inzage"))
                blocks.append(.paragraph("Van deze registratie kunnen wij u de inhoud niet tonen (artikel 41 Uitvoeringswet AVG). De reden:"))
                blocks.append(.bullets(item.restrictions))
            }
            blocks.append(.heading(3, "Aan wie verstrekt"))
            blocks.append(item.disclosures.isEmpty ? .paragraph("Deze gegevens zijn niet aan anderen verstrekt.") : .bullets(item.disclosures))
        }
        blocks.append(.heading(2, "Uw rechten"))
        blocks.append(.bullets([
            "Kloppen de gegevens niet, dan kunt u vragen ze te verbeteren of aan te vullen (artikel 16 AVG).",
            "U kunt vragen gegevens te wissen of de verwerking te beperken (artikelen 17 en 18 AVG); wij beoordelen dat per registratie.",
            "Bent u het niet eens met dit antwoord, dan kunt u bezwaar maken bij de gemeente of een klacht indienen bij de Autoriteit Persoonsgegevens.",
        ]))
        return blocks
    }

    public static func docx(_ report: SubjectAccessReport, municipality: String, style: HouseStyle = .regie) throws -> Data {
        try DOCXWriter(style: style).write(metadata: metadata(report, municipality: municipality), blocks: blocks(report, municipality: municipality))
    }
}
