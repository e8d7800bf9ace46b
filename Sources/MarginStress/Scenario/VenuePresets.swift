import Foundation
import Yams

/// A venue's rules as data (examples/venues/NAME.yaml, carried by the tool): its margin schedules by name and the
/// figures `exchange` applies. Figures a file marks NOT SOURCED (null) are left out.
public struct VenuePreset: Sendable, Equatable {
    public var name: String
    /// Schedules with every bracket's figure given; NAME/ASSET or NAME, as in `account.marginSchedules`.
    public var marginSchedules: [String: MarginScheduleEntry]
    /// Schedules the file lists without sourced figures (left out).
    public var unsourcedSchedules: [String]
    /// Liquidation fee as a fraction of the notional (the clearance fee, or the maximum liquidation penalty).
    public var liquidationFeeRate: Double?
    /// Insurance fund balance at the start, in quote currency.
    public var insuranceFund: Double?
    /// The liquidation style and its figures, as `exchange` applies them (`ExchangeRules.applying(_:)`).
    public var liquidationStyle: String?
    public var chunkFraction: Double?
    public var chunkAboveNotional: Double?
    public var cooldownSeconds: Double?
    public var backstopFraction: Double?
    public var spreadToMaintenanceRatio: Double?
    public var maximumPenalty: Double?
}

/// The venue presets by name: `account.venue: NAME` in a scenario adds the preset's schedules to
/// `account.marginSchedules` (the scenario's own schedules win on a name clash).
public enum VenuePresets {
    /// The known preset names, sorted.
    public static var names: [String] { texts.keys.sorted() }

    /// The preset `name`.
    /// - Throws: `ScenarioError` on `account.venue` naming an unknown preset (listing the known ones).
    public static func preset(_ name: String, source: String) throws(ScenarioError) -> VenuePreset {
        guard let text = texts[name] else {
            throw ScenarioError(source: source, issues: [ScenarioIssue(field: "account.venue",
                message: "\"\(name)\" is not a venue preset; the presets are \(names.joined(separator: ", "))")])
        }
        do {
            let file = try YAMLDecoder().decode(PresetFile.self, from: text)
            var sourced: [String: MarginScheduleEntry] = [:], unsourced: [String] = []
            for (key, entry) in file.marginSchedules ?? [:] {
                let complete = !(entry.brackets ?? []).isEmpty && (entry.brackets ?? []).allSatisfy {
                    $0.notionalFloor != nil && ($0.maintenanceMarginRate != nil || $0.maxLeverage != nil)
                }
                if complete { sourced[key] = entry } else { unsourced.append(key) }
            }
            let fee = file.fees?.liquidationClearanceFee ?? file.fees?.maximumLiquidationPenalty
            let l = file.liquidation
            return VenuePreset(name: name, marginSchedules: sourced, unsourcedSchedules: unsourced.sorted(),
                               liquidationFeeRate: fee, insuranceFund: file.insuranceFund?.balance, liquidationStyle: l?.style,
                               chunkFraction: l?.chunkFraction, chunkAboveNotional: l?.chunkAboveNotional, cooldownSeconds: l?.cooldownSeconds,
                               backstopFraction: l?.backstopBelowMaintenanceFraction, spreadToMaintenanceRatio: l?.spreadToMaintenanceMarginRatio,
                               maximumPenalty: file.fees?.maximumLiquidationPenalty)
        } catch {
            throw ScenarioError(source: source, issues: [ScenarioIssue(field: "account.venue", message: "the preset \"\(name)\" cannot be read: \(error)")])
        }
    }

    /// `file` with its venue preset's schedules added to `account.marginSchedules` (its own win on a clash).
    public static func applying(to file: ScenarioFile, source: String) throws(ScenarioError) -> ScenarioFile {
        guard let name = file.account?.venue else { return file }
        let preset = try preset(name, source: source)
        var out = file
        var schedules = preset.marginSchedules
        for (key, entry) in file.account?.marginSchedules ?? [:] { schedules[key] = entry }
        out.account?.marginSchedules = schedules
        return out
    }

    /// What a preset file holds that the tool reads (other keys are documentation).
    struct PresetFile: Decodable {
        struct Fees: Decodable {
            var liquidationClearanceFee: Double?
            var maximumLiquidationPenalty: Double?
        }
        struct Fund: Decodable { var balance: Double? }
        struct Liquidation: Decodable {
            var style: String?
            var chunkFraction: Double?
            var chunkAboveNotional: Double?
            var cooldownSeconds: Double?
            var backstopBelowMaintenanceFraction: Double?
            var spreadToMaintenanceMarginRatio: Double?
        }
        var liquidation: Liquidation?
        var venue: String?
        var marginSchedules: [String: MarginScheduleEntry]?
        var fees: Fees?
        var insuranceFund: Fund?
    }
}
