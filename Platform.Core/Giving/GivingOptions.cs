namespace Platform.Core.Giving;

/// <summary>The "Giving" configuration section.</summary>
public sealed class GivingOptions
{
    public const string Section = "Giving";

    /// <summary>The processing fee: a percentage of the gift...</summary>
    public decimal FeePercent { get; set; } = 2.9m;

    /// <summary>...plus a fixed amount in the gift's currency.</summary>
    public decimal FeeFixed { get; set; } = 0.30m;

    public decimal MinimumAmount { get; set; } = 1m;
    public decimal MaximumAmount { get; set; } = 50_000m;

    /// <summary>The amounts offered as buttons on the giving form.</summary>
    public decimal[] PresetAmounts { get; set; } = [10m, 25m, 50m, 100m, 250m];

    /// <summary>A journey with no progress for this many days is shown as stalled.</summary>
    public int StalledAfterDays { get; set; } = 14;

    /// <summary>
    /// How many donors' tax statements are worked on at once. More than the printer's tabs on purpose: statements that
    /// wait for a tab together are printed together, which is where the time goes.
    /// </summary>
    public int StatementWorkers { get; set; } = 24;

    /// <summary>
    /// The most gifts written in one unit of work. Gifts submitted while the writer is busy wait for its next unit of work
    /// and share its commit (<see cref="GiftWriter"/>).
    /// </summary>
    public int WriteBatch { get; set; } = 128;

    /// <summary>
    /// A gift still pending after this long is settled by asking the gateway what happened (the <c>gift-reconcile</c> job):
    /// its confirmation normally arrives within seconds, so one this late was lost, or we stopped before recording it.
    /// </summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(5);
}
