import FluentKit

/// Every migration of Regie, in order. Never edit one that has shipped; add a new one.
public enum RegieMigrations {
    public static var all: [any Migration] {
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
        return migrations
    }
}
