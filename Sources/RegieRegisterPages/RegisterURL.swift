import Foundation

/// The addresses of the registers' pages. They carry only identifiers without meaning (UUIDs):
/// no name, address, reference or search term ever appears in an address, since addresses end
/// up in logs and browser histories. Searches and break-glass reasons are posted.
public enum RegisterURL: Hashable, Sendable {
    case registers
    /// The answer to a subject-access request as DOCX (posted: the person is never in an address).
    case subjectAccess
    case register(UUID)
    case search(UUID)
    case newSignal(UUID)
    case signals(UUID)
    case signal(register: UUID, record: UUID)
    case breakGlass(register: UUID, record: UUID)
    case signalStatus(register: UUID, record: UUID)
    case signalShare(register: UUID, record: UUID)
    case newMeeting(UUID)
    case meetings(UUID)
    case meeting(register: UUID, meeting: UUID)
    case newIncident(UUID)
    case incidents(UUID)
    case incident(register: UUID, record: UUID)
    case incidentBreakGlass(register: UUID, record: UUID)
    /// The owner's legal hold and art. 41 restriction of a record: its page's address plus a step.
    indirect case legalHold(of: RegisterURL)
    indirect case restriction(of: RegisterURL)
    /// The beheerder's record of processing activities (AVG art. 30), as a page and as CSV.
    case processingRecord
    case processingRecordCSV

    public var path: String {
        switch self {
        case .registers: "/registers"
        case .subjectAccess: "/registers/inzageverzoek"
        case .register(let id): "/registers/\(id.uuidString.lowercased())"
        case .search(let id): Self.register(id).path + "/zoeken"
        case .newSignal(let id): Self.register(id).path + "/signalen/nieuw"
        case .signals(let id): Self.register(id).path + "/signalen"
        case .signal(let register, let record): Self.signals(register).path + "/\(record.uuidString.lowercased())"
        case .breakGlass(let register, let record): Self.signal(register: register, record: record).path + "/doorbreken"
        case .signalStatus(let register, let record): Self.signal(register: register, record: record).path + "/status"
        case .signalShare(let register, let record): Self.signal(register: register, record: record).path + "/delen"
        case .newMeeting(let id): Self.register(id).path + "/casustafel/nieuw"
        case .meetings(let id): Self.register(id).path + "/casustafel"
        case .meeting(let register, let meeting): Self.meetings(register).path + "/\(meeting.uuidString.lowercased())"
        case .newIncident(let id): Self.register(id).path + "/incidenten/nieuw"
        case .incidents(let id): Self.register(id).path + "/incidenten"
        case .incident(let register, let record): Self.incidents(register).path + "/\(record.uuidString.lowercased())"
        case .incidentBreakGlass(let register, let record): Self.incident(register: register, record: record).path + "/doorbreken"
        case .legalHold(let record): record.path + "/bewaarplicht"
        case .restriction(let record): record.path + "/inzagebeperking"
        case .processingRecord: "/beheer/verwerkingsregister"
        case .processingRecordCSV: "/beheer/verwerkingsregister.csv"
        }
    }
}
