using Microsoft.EntityFrameworkCore;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Jobs;
using Platform.Core.Messaging;

namespace Platform.Core.Tenancy;

public sealed record TrialReminderEmail(string OrganizationName, int DaysLeft, DateTimeOffset EndsAt, string UpgradeUrl) : IEmailModel
{
    public string Subject => $"Your {OrganizationName} trial ends in {DaysLeft} day{(DaysLeft == 1 ? "" : "s")}";
}

public sealed record TrialEndedEmail(string OrganizationName, string UpgradeUrl) : IEmailModel
{
    public string Subject => $"Your {OrganizationName} trial has ended";
}

public sealed record TrialRunResult(int Trials, int Reminded, int Expired);

/// <summary>Where a trial stands: running, ended without a plan (read-only), or turned into a paid plan.</summary>
public enum TrialState
{
    Active,
    Expired,
    Converted,
}

/// <summary>One organization's trial with how likely it looks to convert, 0 to 100, and why.</summary>
public sealed record TrialLead(Guid OrganizationId, string Name, OrganizationKind Kind, DateTimeOffset? EndsAt, int Score,
    IReadOnlyList<string> Reasons, TrialState State = TrialState.Active, DateTimeOffset? ConvertedAt = null);

/// <summary>
/// The 30-day trials: reminders 7, 3 and 1 days before the end (each once), expiry at the end (the organization becomes
/// read-only and its owners are told), and the two ways out: staff extend a trial, owners choose a plan. Each takes
/// effect at once; status changes are audited by the data layer.
/// </summary>
public sealed class TrialService(
    IPlatformDbFactory dbFactory,
    ITenantContext tenant,
    OwnerMail owners,
    IAppLinks links,
    TimeProvider clock)
{
    public static readonly int[] ReminderDays = [7, 3, 1];

    /// <summary>
    /// Sends the reminders and expiries due by <paramref name="asOf"/> (now when null; staff give an earlier date to catch
    /// up or rehearse a day), counting the days left from that date. Each reminder is still sent once.
    /// </summary>
    public async Task<TrialRunResult> RunAsync(IJobProgress progress, CancellationToken ct = default, DateTimeOffset? asOf = null)
    {
        List<Guid> trials;
        using (tenant.AcrossTenants("trial expiry: every organization on trial"))
        {
            await using var db = await dbFactory.CreateAsync(ct);
            trials = await db.Organizations.Where(o => o.Status == OrganizationStatus.Trial && o.TrialEndsAt != null)
                .OrderBy(o => o.TrialEndsAt).Select(o => o.Id).ToListAsync(ct);
        }
        progress.Total(trials.Count);
        int reminded = 0, expired = 0;
        foreach (var id in trials)
        {
            ct.ThrowIfCancellationRequested();
            using var _ = tenant.ForOrganization(id);
            await using var db = await dbFactory.CreateAsync(ct);
            var org = await db.Organizations.SingleAsync(o => o.Id == id, ct);
            var now = asOf ?? clock.GetUtcNow();
            IEmailModel? email = null;
            if (now >= org.TrialEndsAt)
            {
                org.Expire();
                email = new TrialEndedEmail(org.Name, links.MerchantPlan());
                expired++;
            }
            else if (ReminderDays.Where(d => org.TrialEndsAt!.Value - now <= TimeSpan.FromDays(d) && !org.TrialReminderSent(d))
                         .DefaultIfEmpty().Min() is var due and > 0)
            {
                // A late run sends only the nearest reminder, and marks the earlier ones as done.
                foreach (var d in ReminderDays.Where(d => d >= due))
                {
                    org.MarkTrialReminder(d);
                }
                var daysLeft = (int)Math.Ceiling((org.TrialEndsAt!.Value - now).TotalDays);
                email = new TrialReminderEmail(org.Name, daysLeft, org.TrialEndsAt.Value, links.MerchantPlan());
                reminded++;
            }
            if (email is not null)
            {
                await db.SaveChangesAsync(ct); // recorded first: a reminder is never sent twice
                await owners.SendAsync(db, email, [], ct); // the template is found by the model's own type
            }
            progress.Done();
        }
        progress.Log($"{trials.Count} trials: {reminded} reminded, {expired} expired.");
        return new TrialRunResult(trials.Count, reminded, expired);
    }

    /// <summary>
    /// Every organization whose trial is in <paramref name="state"/> (on trial by default; expired ones stay listed, and
    /// converted ones too), highest lead score first. The score adds up activity since the trial began: sign-ins
    /// (2 each, up to 20), records created (0.6 each, up to 30), teammates invited or joined (5 each, up to 25) and
    /// features used, counted as kinds of record created (5 each, up to 25).
    /// </summary>
    public async Task<IReadOnlyList<TrialLead>> LeadsAsync(TrialState state = TrialState.Active, CancellationToken ct = default)
    {
        using var _ = tenant.AcrossTenants("staff: trial lead scores");
        await using var db = await dbFactory.CreateAsync(ct);
        var organizations = db.Organizations.AsNoTracking();
        var trials = await (state switch
        {
            TrialState.Expired => organizations.Where(o => o.Status == OrganizationStatus.Expired),
            TrialState.Converted => organizations.Where(o => o.ConvertedAt != null),
            _ => organizations.Where(o => o.Status == OrganizationStatus.Trial),
        }).ToListAsync(ct);
        var ids = trials.Select(o => o.Id).ToList();
        var activity = await db.AuditEntries.AsNoTracking()
            .Where(a => a.OrganizationId != null && ids.Contains(a.OrganizationId.Value)
                        && (a.Action == Platform.Core.Audit.AuditActions.SignInSucceeded || a.Action == Platform.Core.Audit.AuditActions.Created))
            .GroupBy(a => new { a.OrganizationId, a.Action, a.EntityType })
            .Select(g => new { g.Key.OrganizationId, g.Key.Action, g.Key.EntityType, Count = g.Count() })
            .ToListAsync(ct);
        var invited = await db.Invitations.AsNoTracking().Where(i => ids.Contains(i.OrganizationId))
            .GroupBy(i => i.OrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var members = await db.Memberships.AsNoTracking().Where(m => ids.Contains(m.OrganizationId))
            .GroupBy(m => m.OrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

        return trials.Select(org =>
        {
            var mine = activity.Where(a => a.OrganizationId == org.Id).ToList();
            var signIns = mine.Where(a => a.Action == Platform.Core.Audit.AuditActions.SignInSucceeded).Sum(a => a.Count);
            var created = mine.Where(a => a.Action == Platform.Core.Audit.AuditActions.Created && a.EntityType is not null).ToList();
            var records = created.Sum(a => a.Count);
            var features = created.Select(a => a.EntityType!).Where(t => t is not nameof(Organization) and not nameof(Membership))
                .Distinct().Order().ToList();
            var team = invited.GetValueOrDefault(org.Id) + Math.Max(0, members.GetValueOrDefault(org.Id) - 1);
            var parts = new (string Reason, double Points)[]
            {
                ($"{signIns} sign-in{(signIns == 1 ? "" : "s")}", Math.Min(signIns * 2.0, 20)),
                ($"{records} record{(records == 1 ? "" : "s")} created", Math.Min(records * 0.6, 30)),
                ($"{team} teammate{(team == 1 ? "" : "s")} invited or joined", Math.Min(team * 5.0, 25)),
                (features.Count == 0 ? "no features used yet" : $"features used: {string.Join(", ", features)}", Math.Min(features.Count * 5.0, 25)),
            };
            return new TrialLead(org.Id, org.Name, org.Kind, org.TrialEndsAt, (int)Math.Round(parts.Sum(p => p.Points)),
                parts.Select(p => $"{p.Reason} (+{p.Points:0.#})").ToList(), state, org.ConvertedAt);
        }).OrderByDescending(l => l.Score).ThenBy(l => l.EndsAt).ToList();
    }

    /// <summary>Staff: more trial days for an organization, effective at once (an expired one is open again).</summary>
    public async Task<Result> ExtendAsync(Guid organizationId, int days, CancellationToken ct = default)
    {
        if (days is < 1 or > 90)
        {
            return Result.Fail("Days", "Extend by 1 to 90 days.");
        }
        using var _ = tenant.AcrossTenants("staff: extending a trial");
        await using var db = await dbFactory.CreateAsync(ct);
        var org = await db.Organizations.SingleOrDefaultAsync(o => o.Id == organizationId, ct);
        if (org is null)
        {
            return Result.Fail("The organization no longer exists.");
        }
        if (org.Status is OrganizationStatus.Active or OrganizationStatus.Suspended)
        {
            return Result.Fail($"An {org.Status.ToString().ToLowerInvariant()} organization has no trial to extend.");
        }
        org.ExtendTrial(days, clock.GetUtcNow());
        using (tenant.ForOrganization(org.Id))
        {
            await db.SaveChangesAsync(ct); // a write inside the lift is still checked: for this organization only
        }
        return Result.Ok;
    }

    /// <summary>An owner chooses a paid plan for the current organization: it is active at once, also when the trial has expired.</summary>
    public async Task<Result> ChoosePlanAsync(string plan, CancellationToken ct = default)
    {
        if (tenant.Role != MembershipRole.Owner)
        {
            return Result.Fail("Only owners can choose the plan.");
        }
        if (plan == Plans.Trial || !Plans.All.Contains(plan))
        {
            return Result.Fail("Plan", "Choose one of the plans.");
        }
        await using var db = await dbFactory.CreateAsync(ct);
        var org = await db.Organizations.SingleAsync(ct);
        if (org.Status == OrganizationStatus.Suspended)
        {
            return Result.Fail("A suspended organization cannot change its plan; contact support.");
        }
        org.Activate(plan, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

}
