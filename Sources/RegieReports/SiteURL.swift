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
        }
    }
}
