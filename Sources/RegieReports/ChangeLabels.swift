import RegieCore

/// Dutch names of the model's fields, for the version history ("which fields changed").
/// `ChangeLabelTests` checks that every stored field of the listed types has a name here, so a
/// new field cannot show up as an English identifier.
public enum ChangeLabels {
    public static let fields: [String: String] = [
        // Plan-wide and shared
        "title": "titel", "subtitle": "ondertitel", "kind": "soort document", "owner": "trekker",
        "period": "planperiode", "status": "stand van zaken", "description": "omschrijving",
        "name": "naam", "source": "bron", "introduction": "inleiding",
        // Theme
        "role": "rol", "direction": "ontwikkelrichting", "field": "veiligheidsveld", "answers": "sluit aan bij",
        "summary": "samenvatting", "why": "waarom dit thema", "problem": "probleemanalyse",
        "focusPoints": "aandachtspunten", "principles": "uitgangspunten", "approach": "aanpak",
        "ambitions": "ambities", "analysis": "analyse", "legalBases": "wettelijke grondslagen",
        // Goal, indicator
        "unit": "eenheid", "desiredDirection": "gewenste ontwikkeling", "baseline": "nulmeting",
        "target": "streefwaarde", "goal": "doel", "series": "gekoppelde cijferreeks",
        // Action
        "expectedResult": "beoogd resultaat", "planning": "planning", "partners": "betrokken partners",
        "phases": "ketenfasen", "progressNote": "toelichting op de voortgang",
        // Partner, consultation body
        "type": "soort organisatie", "contacts": "contactpersonen", "organisation": "organisatie in Regie",
        "chair": "voorzitter", "participants": "deelnemers", "rhythm": "frequentie", "themes": "thema\u{2019}s",
        "purpose": "doel van het overleg",
        // Priority reference, budget line
        "level": "niveau", "amount": "bedrag", "basis": "grondslag", "year": "jaar", "cover": "dekking", "theme": "thema",
        // Issue 11: aliases, partners as plans name them, consultation bodies
        "aliases": "ook genoemd", "ownerRole": "rol bij de trekker", "consultationBodies": "besproken in overleggen",
        // Issue 11, action shapes
        "sharedActions": "afspraken uit andere thema\u{2019}s", "isExample": "voorbeeld of afspraak",
        "parts": "aandachtspunten en subdoelen",
        // Issue 11, point 5: budget line
        "withoutAmount": "reden zonder bedrag", "recurrence": "jaarlijks of eenmalig", "actions": "acties",
        // Issue 11, point 6: action
        "planningDependency": "afhankelijk van",
        // Issue 11, point 4: sources and figures
        "sources": "bronnen", "figures": "kerncijfers", "publisher": "uitgever", "link": "link",
        "label": "omschrijving", "value": "waarde", "area": "gebied", "note": "opmerking",
        "baselineFigure": "nulmeting uit kerncijfer", "register": "aantallen uit register",
    ]

    /// The Dutch name of a model field; the identifier itself only if a name is missing.
    public static func field(_ name: String) -> String { fields[name] ?? name }

    /// "titel en planning", "titel, eigenaar en planning".
    public static func list(_ names: [String]) -> String {
        let words = names.map(field)
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " en " + words.last!
    }

    /// One line of the history for a detail: "Actie “Buurtpreventie” gewijzigd: planning (uitvoering)".
    public static func label(_ detail: PlanChange.Detail) -> String {
        let verb = switch detail.kind {
        case .added: "toegevoegd"
        case .removed: "verwijderd"
        case .changed: "gewijzigd"
        }
        let what: String = switch detail.item {
        case .goal(let title): "Doel \u{201C}\(title)\u{201D}"
        case .indicator(let name): "Indicator \u{201C}\(name)\u{201D}"
        case .action(let description): "Actie \u{201C}\(description)\u{201D}"
        case .track(let title): "Spoor \u{201C}\(title)\u{201D}"
        case nil: "Gewijzigd"
        }
        if detail.item == nil { return "\(what): \(list(detail.fields))" }
        guard detail.kind == .changed, !detail.fields.isEmpty else { return "\(what) \(verb)" }
        return "\(what) \(verb): \(list(detail.fields))" + (detail.isExecutionOnly ? " (uitvoering)" : "")
    }
}
