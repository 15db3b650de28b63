import Foundation
import RegieCore

/// Every page's address, in one place, so links and routes agree. Paths are Dutch, lower case
/// and plural, as the Dutch API design rules ask.
public enum SiteURL: Hashable, Sendable {
    case home
    case municipality(MunicipalityCode)
    case collaboration(Key)
    case plan(Key)
    case theme(plan: Key, theme: Key)
    case summary(Key)
    case partners(Key)
    case localView(plan: Key, municipality: MunicipalityCode)
    case planFile(Key)
    case stylesheet
    /// The safety analysis of a municipality, district, collaboration or plan.
    case analysis(AnalysisScope)
    /// Every municipality with a safety analysis: from plans, accounts and imported figures.
    case analysisMunicipalities
    /// The page of one series of an analysis.
    case analysisSeries(AnalysisScope, series: String)
    /// The survey outcomes and own series of an analysis.
    case analysisOthers(AnalysisScope)
    /// A table of an analysis as CSV, such as `woninginbraak.csv` or `woninginbraak-wijken.csv`.
    case analysisTable(AnalysisScope, file: String)
    /// The edit page of a part of a plan; `segments` are the path below `bewerken`.
    case edit(Key, [String])
    case newPlan
    /// What copying `source` into the new plan changed and what needs attention; the page
    /// recomputes it from both plans, so the address holds only plan keys and the choice.
    case copyReport(plan: Key, source: Key, dates: CopyDates)
    case planStatus(Key)
    /// Recording a member council's adoption of a collaboration plan.
    case adoptions(Key)
    case versions(Key)
    case newVersion(Key)
    /// Where the lead partner updates an action's status and progress note.
    case progress(plan: Key, action: Key)
    // Running the plan (issue 15)
    case execution(Key)
    case executionTheme(plan: Key, theme: Key)
    case executionMunicipality(plan: Key, municipality: MunicipalityCode)
    case itemProgress(plan: Key, subject: ProgressSubject)
    case reviewUpdate(plan: Key, number: Int)
    case measurements(plan: Key, indicator: Key)
    case goalExplanation(plan: Key, goal: Key)
    case executionSettings(Key)
    case qualityCheck(Key)
    case programme(plan: Key, programme: Key)
    case newProgramme(Key)
    case myTasks
    // Issue 16, council documents
    case documents(Key)
    /// A document as it is now (`docx`, `pdf`, `html`).
    case document(Key, slug: String, format: DocumentFormat)
    case documentEditor(Key, slug: String)
    case documentSend(Key, slug: String)
    case documentVersions(Key, slug: String)
    case sentDocument(Key, slug: String, version: Int, format: DocumentFormat)
    case councilPackage(Key, municipality: MunicipalityCode?)
    case houseStyle
    case houseStyleRemove
    case login
    case secondFactor
    case logout
    case account
    case twoFactorSetup
    case accounts
    case newAccount
    case accountAction(UUID, String)
    case auditTrail
    case twoFactorPolicy
    /// The beheerder's page of stored figures, with the form to import a file.
    case figures
    /// The progress and outcome of one browser import.
    case figuresImport(UUID)
    /// The versions of a stored table, and which figures one of them (nil: the newest) revised.
    case figuresTable(String, revision: Int?)

    public var path: String {
        switch self {
        case .home: "/"
        case .municipality(let code): "/gemeenten/\(code.rawValue)"
        case .collaboration(let key): "/samenwerkingsverbanden/\(key.rawValue)"
        case .plan(let key): "/plannen/\(key.rawValue)"
        case .theme(let plan, let theme): "/plannen/\(plan.rawValue)/themas/\(theme.rawValue)"
        case .summary(let key): "/plannen/\(key.rawValue)/samenvatting"
        case .partners(let key): "/plannen/\(key.rawValue)/partners"
        case .localView(let plan, let code): "/plannen/\(plan.rawValue)/gemeenten/\(code.rawValue)"
        case .planFile(let key): "/plannen/\(key.rawValue)/planbestand.yaml"
        case .stylesheet: "/css/regie.css"
        case .analysis(let scope): scope.path
        case .analysisMunicipalities: "/gemeenten"
        case .analysisSeries(let scope, let series): scope.path + "/reeksen/" + series
        case .analysisOthers(let scope): scope.path + "/overige-cijfers"
        case .analysisTable(let scope, let file): scope.path + "/" + file
        case .edit(let key, let segments): (["/plannen", key.rawValue, "bewerken"] + segments).joined(separator: "/")
        case .newPlan: "/plannen/nieuw"
        case .copyReport(let plan, let source, let dates):
            "/plannen/\(plan.rawValue)/na-het-kopieren?van=\(source.rawValue)&datums=\(dates.formValue)"
        case .planStatus(let key): "/plannen/\(key.rawValue)/status"
        case .adoptions(let key): "/plannen/\(key.rawValue)/vaststellingen"
        case .versions(let key): "/plannen/\(key.rawValue)/versies"
        case .newVersion(let key): "/plannen/\(key.rawValue)/nieuwe-versie"
        case .progress(let plan, let action): "/plannen/\(plan.rawValue)/acties/\(action.rawValue)/voortgang"
        case .execution(let key): "/plannen/\(key.rawValue)/uitvoering"
        case .executionTheme(let plan, let theme): "/plannen/\(plan.rawValue)/uitvoering/themas/\(theme.rawValue)"
        case .executionMunicipality(let plan, let code): "/plannen/\(plan.rawValue)/uitvoering/gemeenten/\(code.rawValue)"
        case .itemProgress(let plan, let subject):
            switch subject {
            case .activity(let programme, let activity): "/plannen/\(plan.rawValue)/uitvoering/activiteiten/\(programme.rawValue)/\(activity.rawValue)"
            case .agreement(let key): "/plannen/\(plan.rawValue)/uitvoering/afspraken/\(key.rawValue)"
            case .goal(let key): "/plannen/\(plan.rawValue)/uitvoering/doelen/\(key.rawValue)"
            case .indicator(let key): "/plannen/\(plan.rawValue)/uitvoering/indicatoren/\(key.rawValue)"
            }
        case .reviewUpdate(let plan, let number): "/plannen/\(plan.rawValue)/uitvoering/updates/\(number)/beoordeling"
        case .measurements(let plan, let indicator): "/plannen/\(plan.rawValue)/uitvoering/indicatoren/\(indicator.rawValue)"
        case .goalExplanation(let plan, let goal): "/plannen/\(plan.rawValue)/uitvoering/doelen/\(goal.rawValue)"
        case .executionSettings(let key): "/plannen/\(key.rawValue)/uitvoering/instellingen"
        case .qualityCheck(let key): "/plannen/\(key.rawValue)/kwaliteitstoets"
        case .programme(let plan, let programme): "/plannen/\(plan.rawValue)/programmas/\(programme.rawValue)"
        case .newProgramme(let key): "/plannen/\(key.rawValue)/programmas/nieuw"
        case .myTasks: "/mijn-taken"
        case .documents(let key): "/plannen/\(key.rawValue)/stukken"
        case .document(let key, let slug, let format): "/plannen/\(key.rawValue)/stukken/\(slug)/\(format.rawValue)"
        case .documentEditor(let key, let slug): "/plannen/\(key.rawValue)/stukken/\(slug)/bewerken"
        case .documentSend(let key, let slug): "/plannen/\(key.rawValue)/stukken/\(slug)/verzenden"
        case .documentVersions(let key, let slug): "/plannen/\(key.rawValue)/stukken/\(slug)/versies"
        case .sentDocument(let key, let slug, let version, let format): "/plannen/\(key.rawValue)/stukken/\(slug)/versies/\(version)/\(format.rawValue)"
        case .councilPackage(let key, let code): "/plannen/\(key.rawValue)/raadspakket" + (code.map { "/\($0.rawValue)" } ?? "")
        case .houseStyle: "/beheer/huisstijl"
        case .houseStyleRemove: "/beheer/huisstijl/verwijderen"
        case .login: "/inloggen"
        case .secondFactor: "/inloggen/code"
        case .logout: "/uitloggen"
        case .account: "/account"
        case .twoFactorSetup: "/account/tweestapsverificatie"
        case .accounts: "/beheer/accounts"
        case .newAccount: "/beheer/accounts/nieuw"
        case .accountAction(let id, let action): "/beheer/accounts/\(id.uuidString.lowercased())/\(action)"
        case .auditTrail: "/beheer/logboek"
        case .twoFactorPolicy: "/beheer/tweestapsverificatie"
        case .figures: "/beheer/cijfers"
        case .figuresImport(let id): "/beheer/cijfers/inlezingen/\(id.uuidString.lowercased())"
        // Table codes are letters, digits, `.`, `-` and `_` (checked on import): safe in a path.
        case .figuresTable(let table, let revision): "/beheer/cijfers/tabellen/\(table)" + (revision.map { "?versie=\($0)" } ?? "")
        }
    }
}

/// What an analysis is about.
public enum AnalysisScope: Hashable, Sendable {
    case municipality(MunicipalityCode)
    case district(MunicipalityCode, RegionCode)
    case collaboration(Key)
    /// The analysis chapter of a plan.
    case plan(Key)

    public var path: String {
        switch self {
        case .municipality(let code): "/gemeenten/\(code.rawValue)/veiligheidsanalyse"
        case .district(let code, let district): "/gemeenten/\(code.rawValue)/wijken/\(district.rawValue)/veiligheidsanalyse"
        case .collaboration(let key): "/samenwerkingsverbanden/\(key.rawValue)/veiligheidsanalyse"
        case .plan(let key): "/plannen/\(key.rawValue)/veiligheidsanalyse"
        }
    }
}

/// The page to go back to after logging in (`terug=`). Every return address Regie reads or
/// builds passes through ``validated(_:)``: only a path on this site, written plainly. Browsers
/// drop tabs and line breaks from addresses, so `/<TAB>/evil.example` would become
/// `//evil.example`, another site; such addresses, and their percent-encoded forms, fall back to
/// the start page.
public enum ReturnPath {
    /// Longer addresses than any page of Regie has are refused.
    public static let maximumLength = 300

    /// `candidate` when it is a safe return address, otherwise nil: it starts with exactly one
    /// `/`, holds only printable ASCII without `\`, no `//` anywhere, and stays so after
    /// percent-decoding (up to three times, for doubly encoded tricks); not the login or logout
    /// pages themselves.
    public static func validated(_ candidate: String?) -> String? {
        guard let candidate, candidate.utf8.count <= maximumLength else { return nil }
        var text = candidate
        for _ in 0..<4 {
            guard isPlainPath(text) else { return nil }
            guard let decoded = text.removingPercentEncoding else { return nil }
            if decoded == text {
                let lowered = text.lowercased()
                for page in [SiteURL.login.path, SiteURL.logout.path] where lowered == page || lowered.hasPrefix(page + "/") || lowered.hasPrefix(page + "?") {
                    return nil
                }
                return candidate
            }
            text = decoded
        }
        // Still changing after three decodings: nobody writes an address like that.
        return nil
    }

    /// `?terug=PATH` with the path percent-encoded (letters, digits, `/` and `-._~` as they are),
    /// or "" when `path` is not a safe return address.
    public static func query(_ path: String?) -> String {
        guard let path = validated(path) else { return "" }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~")
        return "?terug=" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    private static func isPlainPath(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard scalars.first == "/", !text.contains("//") else { return false }
        return scalars.allSatisfy { (0x21...0x7E).contains($0.value) && $0 != "\\" }
    }
}
