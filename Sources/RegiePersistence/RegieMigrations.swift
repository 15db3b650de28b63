import FluentKit

/// Every migration of Regie, in order. Never edit one that has shipped; add a new one.
public enum RegieMigrations {
    /// The migrations; `keys` seal the TOTP secrets (migration 010).
    public static func all(keys: RegieKeys) -> [any Migration] {
        var migrations: [any Migration] = []
        do { // Migration 001 – owners and plans
            migrations.append(CreateMunicipalities())
            migrations.append(CreateCollaborations())
            migrations.append(CreateCollaborationMembers())
            migrations.append(CreatePlans())
            migrations.append(CreatePlanActions())
        }
        do { // Migration 002 – imported statistics
            migrations.append(CreateStatisticsTables())
            migrations.append(CreateObservations())
        }
        do { // Migration 003 – titles of statistics codes
            migrations.append(CreateStatisticsCodes())
        }
        do { // Migration 004 – observations stored in their key on SQLite
            migrations.append(CompactObservations())
        }
        do { // Migration 005 – accounts, sessions, audit trail, plan versions
            migrations.append(CreateAccounts())
            migrations.append(CreatePlanVersions())
        }
        do { // Migration 006 – imports staged and switched in at the end
            migrations.append(StagedImports())
        }
        do { // Migration 007 – the scheme of each audit entry's hash (keyed from now on)
            migrations.append(AddAuditScheme())
        }
        do { // Migration 008 – the account an audit entry is about
            migrations.append(AddAuditSubject())
        }
        do { // Migration 009 – the verified-up-to marker of the audit chain
            migrations.append(CreateAuditChecks())
        }
        do { // Migration 010 – the last one-time code step per account (no replays)
            migrations.append(AddOneTimeStep())
        }
        do { // Migration 011 – TOTP secrets sealed with AES-GCM
            migrations.append(EncryptOneTimeSecrets(box: SecretBox(key: keys.oneTimeSecrets)))
        }
        do { // Migration 012 – counts of failed logins with unknown names
            migrations.append(CreateUnknownLoginCounts())
        }
        do { // Migration 013 – actions without a status (issue 11)
            migrations.append(OptionalActionStatus())
        }
        do { // Migration 014 – the history of statistics tables: downloads added up or replaced (issue 13)
            migrations.append(CreateStatisticsRevisions())
        }
        do { // Migration 015 – example tables marked (issue 13 point 7)
            migrations.append(AddExampleTables())
        }
        do { // Migration 016 – e-mail for reminders, scheduled runs, weekly digests (issue 15)
            migrations.append(CreateReminders())
        }
        do { // Migration 017 – council document drafts, sent versions with frozen files, house styles (issue 16)
            migrations.append(CreateCouncilDocuments())
        }
        do { // Migration 018 – registers with personal data, processing log (issue 17)
            migrations.append(CreateRegisters())
        }
        return migrations
    }
}
