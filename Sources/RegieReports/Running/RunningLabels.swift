import Foundation
import RegieCore

extension ProgressStatus {
    public var label: String {
        switch self {
        case .notStarted: "Niet gestart"
        case .running: "Loopt"
        case .done: "Gereed"
        case .delayed: "Vertraagd"
        case .dropped: "Vervallen"
        }
    }
}

extension TrackStatus {
    public var label: String {
        switch self {
        case .onTrack: "Op koers"
        case .needsAttention: "Aandacht nodig"
        case .offTrack: "Niet op koers"
        case .noData: "Geen gegevens"
        }
    }

    /// The class of the badge: colour is never the only sign, the label is always written.
    var badgeClass: String {
        switch self {
        case .onTrack: "badge track-on"
        case .needsAttention: "badge track-attention"
        case .offTrack: "badge track-off"
        case .noData: "badge track-none"
        }
    }
}

extension ProgrammeBody {
    public var label: String {
        switch self {
        case .executive: "College van burgemeester en wethouders"
        case .mayor: "Burgemeester"
        }
    }
}

extension ProgrammeStatus {
    public var label: String {
        switch self {
        case .draft: "Concept"
        case .adopted: "Vastgesteld"
        }
    }
}

/// The Dutch wording of the status rules and refusals (docs/status-rules.md).
public enum RunningWording {
    public static func reason(_ assessment: IndicatorAssessment) -> String {
        let prefix = assessment.baselineFromFirstMeasurement ? "De eerste meting geldt als nulmeting. " : ""
        let expected = assessment.expected.map { Format.number($0.roundedTo(2)) } ?? ""
        let text: String = switch assessment.reason {
        case .noBaseline: "Er is geen nulmeting en nog geen meting."
        case .noTarget: "Het plan geeft geen streefwaarde; zonder streefwaarde is er geen koers om aan te meten."
        case .noMeasurement: "Er is nog geen meting na de nulmeting."
        case .latestSuppressed(let mark):
            "De laatste meting uit het register is \u{201C}\(mark.rawValue)\u{201D} (\(mark.explanation)). Zonder getal is er geen oordeel over de koers."
        case .onPath: "De laatste meting ligt op of voor het verwachte pad (\(expected)) naar de streefwaarde."
        case .behindPath: "De laatste meting ligt achter op het verwachte pad (\(expected)), maar de streefwaarde is nog binnen bereik."
        case .farBehindPath: "De laatste meting ligt ver achter op het verwachte pad (\(expected)) of gaat de verkeerde kant op."
        case .targetMet: "De streefwaarde is gehaald."
        case .targetMissed: "Het streefjaar is voorbij en de streefwaarde is niet gehaald."
        case .withinChance(let expectedChange):
            expectedChange
                ? "Het verschil met de nulmeting valt binnen het toeval: er is nog geen aantoonbare verandering, terwijl het pad die nu wel verwacht."
                : "Het verschil met de nulmeting valt binnen het toeval; het pad vraagt nu nog geen verandering."
        case .targetMetWithinChance: "Het getal haalt de streefwaarde, maar het verschil met de nulmeting valt binnen het toeval."
        case .maintained: "De waarde blijft binnen 5 % van het niveau dat het plan wil vasthouden."
        case .slipping: "De waarde wijkt 5 tot 10 % af van het niveau dat het plan wil vasthouden."
        case .notMaintained: "De waarde wijkt meer dan 10 % af van het niveau dat het plan wil vasthouden."
        }
        return prefix + text
    }

    public static func basis(_ basis: GoalStatusBasis) -> String {
        switch basis {
        case .indicators(let list): list.isEmpty ? "Op grond van de indicatoren." : "Op grond van \(list.count == 1 ? "de indicator" : "\(list.count) indicatoren")."
        case .activities(let total, let delayed, let dropped, let done):
            "Dit doel heeft geen indicator; de status volgt uit \(total) \(total == 1 ? "activiteit" : "activiteiten") (\(done) gereed, \(delayed) vertraagd, \(dropped) vervallen)."
        case .nothing: "Dit doel heeft geen indicator en geen activiteiten."
        }
    }

    public static func refusal(_ refusal: ExecutionRefusal) -> String {
        switch refusal {
        case .unknownSubject: "Dit onderdeel bestaat niet (meer) in het plan of in een vastgesteld uitvoeringsprogramma."
        case .notAllowed: "U mag dit niet bijwerken. Partners werken alleen de activiteiten bij die hun organisatie trekt."
        case .statusMissing: "Kies een stand van zaken."
        case .explanationRequired(let status):
            status.map { "Bij \u{201C}\($0.label.lowercased())\u{201D} hoort een toelichting: vertel wat er aan de hand is en wat de volgende stap is." }
                ?? "Met deze meting is het doel niet op koers. Schrijf erbij wat erachter zit en wat u eraan doet."
        case .dateInFuture: "De datum ligt in de toekomst. Een update beschrijft wat er gebeurd is."
        case .dateBeforePlan(let year): "De datum ligt ver voor het begin van het plan (\(year))."
        case .negativeAmount(let field): "Het aantal \(field) kan niet negatief zijn."
        case .notPending: "Deze update wacht niet (meer) op goedkeuring."
        case .rejectionReasonMissing: "Schrijf erbij waarom u de update afwijst; de partner ziet die reden."
        case .ownUpdate: "U kunt uw eigen update niet goedkeuren."
        case .unknownIndicator: "Deze indicator bestaat niet in het plan."
        case .periodNotMeasurable: "Een meting hoort bij een jaar, jaren of een kwartaal, bijvoorbeeld 2024 of 2024-Q2."
        case .periodInFuture: "Die periode is nog niet voorbij; een meting gaat over een afgelopen periode."
        case .periodBeforeBaseline: "Die periode ligt voor de nulmeting van deze indicator."
        case .notWholeCount: "Deze indicator telt gebeurtenissen: vul een geheel getal in."
        case .negativeValue: "De waarde kan niet negatief zijn."
        case .percentageOutOfRange: "Een percentage ligt tussen 0 en 100."
        case .valueMissing: "Vul de gemeten waarde in. Alleen een register levert \u{201C}<5\u{201D} of \u{201C}×\u{201D} in plaats van een getal."
        case .gradeOutOfRange: "Een rapportcijfer ligt tussen 1 en 10."
        case .programmePeriodOutsidePlan: "De periode van het programma valt buiten de planperiode."
        case .programmeTooLong: "Een uitvoeringsprogramma beslaat één of twee jaar."
        case .programmeFrozen: "Dit programma is vastgesteld en kan niet meer worden gewijzigd. Begin een vervolgprogramma."
        case .programmeNotFound: "Dit programma bestaat niet in het plan."
        case .memberUnknown(let code): "\(code.rawValue) is geen gemeente van dit plan."
        case .coProducerIsMember(let code): "\(code.rawValue) is al een gemeente van dit plan en kan niet daarnaast meewerkende buurgemeente zijn."
        case .adoptionMissing: "Een vastgesteld programma noemt het besluit: wie stelde het vast, en wanneer."
        case .unknownTheme(let key): "Het plan heeft geen thema \u{201C}\(key.rawValue)\u{201D}."
        case .unknownAgreement(let key): "Het plan heeft geen afspraak \u{201C}\(key.rawValue)\u{201D}."
        case .unknownPartner(let key): "Het plan heeft geen partner \u{201C}\(key.rawValue)\u{201D}."
        case .unknownGoal(let key): "Het plan heeft geen doel \u{201C}\(key.rawValue)\u{201D}."
        case .activityKeyTaken(let key): "De sleutel \u{201C}\(key.rawValue)\u{201D} komt twee keer voor in dit programma."
        case .planNotAdopted: "Een uitvoeringsprogramma hoort bij een vastgesteld plan. Stel eerst het plan vast."
        }
    }

    public static func gap(_ gap: CheckGap) -> String {
        switch gap.kind {
        case .priorityWithoutFigures: "Prioriteit zonder cijfers uit de analyse en zonder reden waarom"
        case .goalWithoutIndicator: "Doel zonder indicator en zonder reden waarom het kwalitatief is"
        case .indicatorWithoutBaseline: "Indicator zonder nulmeting"
        case .indicatorWithoutSource: "Indicator zonder bron"
        case .indicatorWithoutTarget: "Indicator zonder streefwaarde"
        case .agreementWithoutOwner: "Afspraak zonder trekker"
        case .agreementWithoutPlanning: "Afspraak zonder planning"
        case .activityWithoutOwner: "Activiteit zonder trekker"
        case .activityWithoutPlanning: "Activiteit zonder planning"
        case .budgetNotCovered(let needed, let covered):
            "De activiteiten vragen \(Format.euro(needed)), de begroting dekt \(Format.euro(covered))"
        }
    }
}

extension Decimal {
    func roundedTo(_ digits: Int) -> Decimal {
        var value = self, result = Decimal()
        NSDecimalRound(&result, &value, digits, .plain)
        return result
    }
}
