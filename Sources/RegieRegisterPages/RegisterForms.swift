import Foundation
import RegieCore
import RegieRegisters

/// What a register form sent, by field name: the web layer fills it, the pages read it back
/// when a form is shown again with its errors, and the parsers below turn it into records.
public struct RegisterFormInput: Sendable {
    public var values: [String: [String]]

    public init(_ values: [String: [String]] = [:]) { self.values = values }

    public func one(_ name: String) -> String { values[name]?.first ?? "" }
    public func all(_ name: String) -> [String] { values[name] ?? [] }
    func trimmed(_ name: String) -> String { one(name).trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Why a form was refused: every problem at once.
public struct FormRefusal: Error, Sendable {
    public var problems: [RegisterProblem]

    public init(_ problems: [RegisterProblem]) { self.problems = problems }
}

/// Dates as the forms send them (`2026-03-14`, `2026-03-14T21:30`), in Dutch time.
public enum FormDates {
    public static func day(_ text: String) -> Date? {
        var parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-").compactMap { Int($0) }
        // A date field sends 2026-03-14; typed by hand, as the messages ask, it reads 14-03-2026.
        if parts.count == 3, (1900...2200).contains(parts[2]), (1...31).contains(parts[0]) { parts.reverse() }
        guard parts.count == 3, (1900...2200).contains(parts[0]) else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12)
        guard components.isValidDate(in: .dutch) else { return nil }
        return Calendar.dutch.date(from: components)
    }

    static func moment(_ text: String) -> Date? {
        let halves = text.trimmingCharacters(in: .whitespaces).split(separator: "T")
        guard halves.count == 2, let day = day(String(halves[0])) else { return nil }
        let time = halves[1].split(separator: ":").compactMap { Int($0) }
        guard time.count >= 2, (0..<24).contains(time[0]), (0..<60).contains(time[1]) else { return nil }
        return Calendar.dutch.date(bySettingHour: time[0], minute: time[1], second: 0, of: day)
    }

    static func dayValue(_ date: Date) -> String { dayText(date) }

    static func momentValue(_ date: Date) -> String {
        let parts = Calendar.dutch.dateComponents([.hour, .minute], from: date)
        return dayText(date) + String(format: "T%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// "14 maart 2026", "14 maart 2026 om 21.30".
    static func text(_ date: Date, time: Bool = false) -> String {
        let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
        let parts = Calendar.dutch.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = "\(parts.day ?? 1) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 0)"
        return time ? day + String(format: " om %d.%02d", parts.hour ?? 0, parts.minute ?? 0) : day
    }
}

/// The intake form of a signal: three places for a person, company or address.
public enum SignalForm {
    public static let subjectSlots = 3

    /// The signal the form describes, or every problem at once.
    public static func signal(_ input: RegisterFormInput, today: Date = Date()) -> Result<Signal, FormRefusal> {
        var problems: [RegisterProblem] = []
        let received = FormDates.day(input.one("ontvangen"))
        if received == nil { problems.append(RegisterProblem(field: "Datum ontvangst", message: "Vul een datum in als 14-03-2026 (dag, maand, jaar).")) }
        let source = SignalSource(rawValue: input.one("bron"))
        if source == nil { problems.append(RegisterProblem(field: "Bron", message: "Kies waar het signaal vandaan komt.")) }
        let urgency = Level(rawValue: input.one("urgentie")), seriousness = Level(rawValue: input.one("ernst"))
        if urgency == nil { problems.append(RegisterProblem(field: "Urgentie", message: "Kies laag, middel of hoog.")) }
        if seriousness == nil { problems.append(RegisterProblem(field: "Ernst", message: "Kies laag, middel of hoog.")) }
        var subjects: [Subject] = []
        // The form slot of each subject: an empty first slot must not shift the numbers.
        var slots: [Int] = []
        for slot in 1...subjectSlots {
            let prefix = "betrokkene-\(slot)-"
            switch input.one(prefix + "soort") {
            case "persoon":
                let birth = input.trimmed(prefix + "geboortedatum")
                let birthDate = birth.isEmpty ? nil : FormDates.day(birth)
                if !birth.isEmpty, birthDate == nil {
                    problems.append(RegisterProblem(field: "Betrokkene \(slot)", message: "De geboortedatum „\(birth)” is geen datum."))
                }
                subjects.append(.person(name: input.trimmed(prefix + "naam"), birthDate: birthDate))
            case "bedrijf":
                subjects.append(.company(name: input.trimmed(prefix + "naam"), kvk: input.trimmed(prefix + "kvk")))
            case "adres":
                subjects.append(.address(street: input.trimmed(prefix + "straat"), houseNumber: input.trimmed(prefix + "huisnummer"),
                                         postcode: input.trimmed(prefix + "postcode"), place: input.trimmed(prefix + "plaats")))
            default:
                continue
            }
            slots.append(slot)
        }
        let district = input.trimmed("wijk")
        let signal = Signal(receivedOn: received ?? today, phenomena: input.all("fenomeen").compactMap(Phenomenon.init(rawValue:)),
                            district: district.isEmpty ? nil : district,
                            facts: SignalFacts(source: source ?? .ownObservation, urgency: urgency ?? .low, seriousness: seriousness ?? .low),
                            content: SignalContent(subjects: subjects, description: input.trimmed("omschrijving"), reporter: input.trimmed("melder")))
        problems += signal.problems(today: today).map { problem in
            // The record numbers its subjects 1, 2, … as filled in; the form by slot.
            guard problem.field.hasPrefix("Betrokkene "), let position = Int(problem.field.dropFirst("Betrokkene ".count)),
                  slots.indices.contains(position - 1) else { return problem }
            return RegisterProblem(field: "Betrokkene \(slots[position - 1])", message: problem.message)
        }
        return problems.isEmpty ? .success(signal) : .failure(FormRefusal(problems))
    }

    /// Which form field a problem points at, for the links in the error summary.
    static func fieldID(_ problem: RegisterProblem) -> String? {
        switch problem.field {
        case "Datum ontvangst": "veld-ontvangen"
        case "Bron": "veld-bron"
        case "Urgentie": "veld-urgentie"
        case "Ernst": "veld-ernst"
        case "Fenomeen": "veld-fenomeen"
        case "Omschrijving": "veld-omschrijving"
        case "Melder": "veld-melder"
        default:
            problem.field.hasPrefix("Betrokkene ") ? "betrokkene-" + problem.field.dropFirst("Betrokkene ".count) : nil
        }
    }
}

/// The form that records an incident.
public enum IncidentForm {
    public static func incident(_ input: RegisterFormInput, now: Date = Date()) -> Result<Incident, FormRefusal> {
        var problems: [RegisterProblem] = []
        let moment = FormDates.moment(input.one("tijdstip"))
        if moment == nil { problems.append(RegisterProblem(field: "Datum en tijd", message: "Vul de datum en het tijdstip van het incident in.")) }
        let kind = IncidentKind(rawValue: input.one("soort"))
        if kind == nil { problems.append(RegisterProblem(field: "Soort incident", message: "Kies de soort incident.")) }
        let interpretation = Interpretation(rawValue: input.one("duiding")) ?? .unknown
        let followUp = IncidentFollowUp(rawValue: input.one("opvolging")) ?? .none
        let minutesText = input.trimmed("minuten")
        let minutes = minutesText.isEmpty ? 0 : Int(minutesText)
        if minutes == nil { problems.append(RegisterProblem(field: "Bestede tijd", message: "Schrijf de bestede tijd als een heel aantal minuten, zoals 45.")) }
        let partners = input.trimmed("partners").split(whereSeparator: { $0 == "," || $0 == "\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var person: Subject?
        if input.one("persoon-vastleggen") == "ja" {
            let birth = input.trimmed("geboortedatum")
            let birthDate = birth.isEmpty ? nil : FormDates.day(birth)
            if !birth.isEmpty, birthDate == nil { problems.append(RegisterProblem(field: "Persoon", message: "De geboortedatum „\(birth)” is geen datum.")) }
            person = .person(name: input.trimmed("naam"), birthDate: birthDate)
        }
        let incident = Incident(occurredAt: moment ?? now, district: input.trimmed("wijk"), kind: kind ?? .other,
                                facts: IncidentFacts(interpretation: interpretation, partners: partners, minutesSpent: minutes ?? 0, followUp: followUp),
                                content: IncidentContent(person: person, note: input.trimmed("toelichting")))
        problems += incident.problems(today: now)
        return problems.isEmpty ? .success(incident) : .failure(FormRefusal(problems))
    }

    static func fieldID(_ problem: RegisterProblem) -> String? {
        switch problem.field {
        case "Datum en tijd": "veld-tijdstip"
        case "Soort incident": "veld-soort"
        case "Wijk": "veld-wijk"
        case "Bestede tijd": "veld-minuten"
        case "Persoon", "Betrokkene 1": "veld-naam"
        default: nil
        }
    }
}

/// The form that plans a meeting of the case table.
public enum MeetingForm {
    public static func meeting(_ input: RegisterFormInput) -> Result<CaseMeeting, FormRefusal> {
        var problems: [RegisterProblem] = []
        let day = FormDates.day(input.one("datum"))
        if day == nil { problems.append(RegisterProblem(field: "Datum", message: "Vul de datum van het overleg in.")) }
        let agenda = input.all("agenda").compactMap(UUID.init(uuidString:))
        if agenda.isEmpty { problems.append(RegisterProblem(field: "Agenda", message: "Zet ten minste één signaal op de agenda.")) }
        guard problems.isEmpty, let day else { return .failure(FormRefusal(problems)) }
        return .success(CaseMeeting(heldOn: day, agenda: agenda))
    }

    /// Attendance, a decision, note and follow-up task per signal on the agenda, and the minutes.
    public static func conclusion(_ input: RegisterFormInput, meeting: CaseMeeting, today: Date = Date()) -> Result<CaseMeeting, FormRefusal> {
        var problems: [RegisterProblem] = []
        var content = CaseMeeting.Content()
        content.attendance = input.one("aanwezig").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if content.attendance.isEmpty { problems.append(RegisterProblem(field: "Aanwezig", message: "Noem wie er aanwezig waren, één per regel.")) }
        content.minutes = input.trimmed("verslag")
        for (position, signal) in meeting.agenda.enumerated() {
            let key = signal.uuidString.lowercased()
            let choice = input.one("besluit-\(key)")
            if choice.isEmpty { continue }
            guard let kind = DecisionKind(rawValue: choice) else {
                problems.append(RegisterProblem(field: "Besluit \(position + 1)", message: "Kies een besluit uit de lijst."))
                continue
            }
            content.decisions.append(CaseMeeting.Decision(signal: signal, kind: kind, note: input.trimmed("toelichting-\(key)")))
            let task = input.trimmed("taak-\(key)")
            if !task.isEmpty {
                let owner = UUID(uuidString: input.one("taak-eigenaar-\(key)"))
                let due = FormDates.day(input.one("taak-datum-\(key)"))
                if owner == nil { problems.append(RegisterProblem(field: "Taak \(position + 1)", message: "Kies wie de vervolgtaak uitvoert.")) }
                if due == nil { problems.append(RegisterProblem(field: "Taak \(position + 1)", message: "Vul de datum in waarop de vervolgtaak klaar moet zijn.")) }
                if let owner, let due { content.tasks.append(FollowUpTask(signal: signal, description: task, owner: owner, due: due)) }
            }
        }
        if content.decisions.isEmpty { problems.append(RegisterProblem(field: "Besluit 1", message: "Leg ten minste één besluit vast.")) }
        guard problems.isEmpty else { return .failure(FormRefusal(problems)) }
        var concluded = meeting
        concluded.content = content
        concluded.closed = true
        return .success(concluded)
    }
}
