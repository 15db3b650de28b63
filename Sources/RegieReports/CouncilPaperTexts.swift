import Foundation
import RegieHTML
import RegieCore

/// How the plan's council papers read: the executive's offers to the council, the adoption
/// decisions with what was published, and who signed.
enum CouncilPaperTexts {
    /// "college van burgemeester en wethouders, 14 januari 2020, besluit 2020-01 (Stadskanaal)".
    static func offer(_ offer: CouncilOffer, in plan: Plan) -> String {
        "\(offer.body), \(offer.date.label)" + (offer.decisionNumber.map { ", besluit \($0)" } ?? "") + member(offer.municipality, in: plan)
    }

    /// "gemeenteraad, 28 januari 2020, besluit 2020-004 (Stadskanaal)"; no "besluit" without a number.
    static func adoption(_ adoption: Adoption, in plan: Plan) -> String {
        "\(adoption.body), \(adoption.date.label)" + (adoption.decisionNumber.map { ", besluit \($0)" } ?? "")
            + member(adoption.municipality, in: plan)
    }

    static func signatory(_ signatory: Signatory, in plan: Plan) -> String {
        "\(signatory.role.prefix(1).uppercased() + signatory.role.dropFirst()): \(signatory.name)" + member(signatory.municipality, in: plan)
    }

    private static func member(_ code: MunicipalityCode?, in plan: Plan) -> String {
        code.flatMap { code in plan.owner.municipalities.first { $0.code == code } }.map { " (\($0.name))" } ?? ""
    }

    /// The plan page's section on the decisions: offers to the council, adoptions with their
    /// published facts, and the signatories under them.
    static func section(_ plan: Plan) -> Body {
        .if(hasSection(plan), .section(.id("besluitvorming"),
            .h2(.text("Besluitvorming")),
            .if(!plan.councilOffers.isEmpty, .group(
                .h3(.text("Aangeboden aan de raad")),
                .ul(.forEach(plan.councilOffers) { .li(.text(offer($0, in: plan))) })
            )),
            .if(!plan.adoptions.isEmpty, .group(
                .h3(.text("Vastgesteld")),
                .forEach(plan.adoptions) { decision in
                    .group(
                        .p(.text(adoption(decision, in: plan))),
                        Layout.facts([("Ondertekend op", decision.signedOn?.label), ("In werking per", decision.inForceFrom?.label),
                                      ("Publicatie", decision.publication)])
                    )
                }
            )),
            .if(!plan.signatories.isEmpty, .group(
                .h3(.text("Ondertekening")),
                .ul(.class("signatories"), .forEach(plan.signatories) { .li(.text(signatory($0, in: plan))) }),
                EditLinks.link(plan, ["ondertekening"], name: "ondertekening", chapter: nil)
            ))
        ))
    }

    static func hasSection(_ plan: Plan) -> Bool {
        !plan.councilOffers.isEmpty || !plan.adoptions.isEmpty || !plan.signatories.isEmpty
    }
}
