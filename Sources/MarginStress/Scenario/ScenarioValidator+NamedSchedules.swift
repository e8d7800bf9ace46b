extension ScenarioValidator {
    /// The scenario file's named margin schedules (`account.marginSchedules`), validated: what a book of accounts
    /// refers to by name.
    public static func schedules(of file: ScenarioFile, source: String) throws(ScenarioError) -> [String: MarginSchedule] {
        var validator = ScenarioValidator()
        let schedules = validator.buildSchedules(file.account?.marginSchedules)
        if !validator.issues.isEmpty { throw ScenarioError(source: source, issues: validator.issues) }
        return schedules
    }
}
