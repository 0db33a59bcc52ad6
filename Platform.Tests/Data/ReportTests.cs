using Microsoft.Extensions.Time.Testing;
using Platform.Core.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Jobs;
using Platform.Core.Reports;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class ReportTests
{
    private static readonly ReportMonth November = new(2026, 11);

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OwnersGetTheirMonthAsPdfAndCsvOnceAndStaffGetThePlatformReport(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider, startsAt: new DateTimeOffset(2026, 10, 20, 12, 0, 0, TimeSpan.Zero));
        await w.Db.CreateStaffAsync("staff@platform.test");
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>();
        await w.GiveAsync(40m, donor: GivingWorld.Donor("lapsed@donor.test"));
        await w.GiveAsync(30m);
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        await w.GiveAsync(100m); // dana again: returning
        await w.GiveAsync(50m, donor: GivingWorld.Donor("new@donor.test")); // first gift: gained
        await w.GiveAsync(200m, program: w.OtherProgram);

        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
        var first = await RunAsync(w, November);
        var again = await RunAsync(w, November);

        first.ShouldBe(new ReportRunResult("2026-11", 2, 2, 2, true));
        again.ShouldBe(new ReportRunResult("2026-11", 2, 0, 0, false));
        var reports = w.Db.Mail.Sent.Where(m => m.Model is MonthlyReportEmail).ToList();
        reports.Count.ShouldBe(2);
        reports.ShouldAllBe(m => m.To == "owner@charity.test" && m.Attachments.Count == 2);
        var mail = reports.Single(m => ((MonthlyReportEmail)m.Model).OrganizationName == "Open Hands");
        ((MonthlyReportEmail)mail.Model).Gifts.ShouldBe(2);

        var pdf = await PdfText.ReadAsync(mail.Attachments[0].Content);
        mail.Attachments[0].FileName.ShouldBe("report-2026-11.pdf");
        pdf.ShouldContain("Open Hands");
        pdf.ShouldContain("November 2026");
        pdf.ShouldContain("$150.00");  // gross of the month: 100 + 50, not October's and not the other charity's 200
        pdf.ShouldContain("$145.05");  // net of the 4.95 fees
        pdf.ShouldContain("Winter food boxes");
        pdf.ShouldContain("Field office");

        var csv = Lines(mail.Attachments[1].Content);
        csv[0].ShouldBe("Section,Item,Currency,Count,Amount");
        csv.ShouldContain("Totals,Gross received,USD,2,150.00");
        csv.ShouldContain("Totals,Platform fees,USD,,4.95");
        csv.ShouldContain("Totals,Net,USD,,145.05");
        csv.ShouldContain("By program,Winter food boxes,USD,2,150.00");
        csv.ShouldContain("Donors,Gave this month,,2,");
        csv.ShouldContain("Donors,Gained (first gift),,1,");
        csv.ShouldContain("Donors,Returning,,1,");
        csv.ShouldContain("Donors,\"Lost (gave last month, not this month)\",,1,");
        csv.ShouldContain("Daily,2026-11-22,USD,,150.00");
        csv.ShouldContain("Daily,2026-11-21,USD,,0.00");

        var platform = w.Db.Mail.Sent.Where(m => m.Model is PlatformReportEmail).ShouldHaveSingleItem();
        platform.To.ShouldBe("staff@platform.test");
        var platformCsv = Lines(platform.Attachments[1].Content);
        platformCsv.ShouldContain("Volume,Gross volume,USD,3,350.00");
        platformCsv.ShouldContain("Trials,Started (organizations created),,0,"); // both were created in October
        platformCsv.ShouldContain("Organizations by status,Trial,,2,");
        (await PdfText.ReadAsync(platform.Attachments[0].Content)).ShouldContain("Platform report");

        await RunAsync(w, new ReportMonth(2026, 10));
        var october = w.Db.Mail.Sent.Where(m => m.Model is PlatformReportEmail).Last();
        Lines(october.Attachments[1].Content).ShouldContain("Trials,Started (organizations created),,2,");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ARunStoppedHalfWayIsFinishedByTheNextAndNoOwnerIsEmailedTwice(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(100m);

        using var stop = new CancellationTokenSource();
        await Should.ThrowAsync<OperationCanceledException>(() => RunAsync(w, November, new StopAfterFirst(stop), stop.Token));
        w.Db.Mail.Sent.Count(m => m.Model is MonthlyReportEmail).ShouldBe(1);

        var resumed = await RunAsync(w, November);

        (resumed.Issued, resumed.Emailed, resumed.PlatformIssued).ShouldBe((1, 1, true));
        w.Db.Mail.Sent.Where(m => m.Model is MonthlyReportEmail).Select(m => ((MonthlyReportEmail)m.Model).OrganizationName).Order()
            .ShouldBe(["Far Shore", "Open Hands"]);
        (await w.Db.Services.ReadAllAsync(db => db.MonthlyReports.AsNoTracking().ToListAsync())).ShouldAllBe(r => r.EmailedAt != null);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnOrganizationReadsOnlyItsOwnReports(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(100m);
        await w.GiveAsync(200m, program: w.OtherProgram);
        await RunAsync(w, November);
        var otherReport = (await w.Db.Services.ReadAllAsync(db => db.MonthlyReports.AsNoTracking().ToListAsync()))
            .Single(r => r.OrganizationId == w.OtherCharity);

        await using var member = w.Db.As(w.Charity, MembershipRole.Manager);
        var reports = member.Get<ReportService>();
        (await reports.IssuedFileAsync(otherReport.Id, ReportFormat.Csv)).ShouldBeNull();
        var own = (await reports.IssuedAsync(new Platform.Core.Common.PageRequest(0, 10))).Items.ShouldHaveSingleItem();
        Lines((await reports.IssuedFileAsync(own.Id, ReportFormat.Csv))!.Content).ShouldContain("Totals,Gross received,USD,1,100.00");

        // On demand, any month: this month so far, printed now; the other charity's 200 is not in it.
        var now = Lines((await reports.OrganizationFileAsync(November, ReportFormat.Csv))!.Content);
        now.ShouldContain("Totals,Gross received,USD,1,100.00");
        now.ShouldNotContain(l => l.Contains("200.00"));
        var pdf = (await reports.OrganizationFileAsync(November, ReportFormat.Pdf))!;
        (pdf.FileName, pdf.ContentType).ShouldBe(("report-2026-11.pdf", "application/pdf"));
        (await PdfText.ReadAsync(pdf.Content)).ShouldContain("$96.80"); // net of the fee
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AMonthBeforeTheOrganizationBeganOrAfterThisOneHasNoReport(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider); // the organizations begin this month, November 2026

        await using (var member = w.Db.As(w.Charity, MembershipRole.Owner))
        {
            var reports = member.Get<ReportService>();
            (await reports.OrganizationFileAsync(new ReportMonth(9999, 12), ReportFormat.Pdf)).ShouldBeNull();
            (await reports.OrganizationFileAsync(new ReportMonth(2026, 12), ReportFormat.Csv)).ShouldBeNull();
            (await reports.OrganizationFileAsync(new ReportMonth(2026, 10), ReportFormat.Csv)).ShouldBeNull();
            (await reports.OrganizationFileAsync(November, ReportFormat.Csv)).ShouldNotBeNull();
        }
        await using var scope = w.Db.Scope();
        var platform = scope.ServiceProvider.GetRequiredService<ReportService>();
        (await platform.PlatformFileAsync(new ReportMonth(9999, 12), ReportFormat.Csv)).ShouldBeNull();
        (await platform.PlatformFileAsync(new ReportMonth(2000, 1), ReportFormat.Csv)).ShouldBeNull();
        (await platform.PlatformFileAsync(November, ReportFormat.Csv)).ShouldNotBeNull();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ThePlatformReportCountsTrialsConvertedInTheMonth(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await using (var owner = w.Db.As(w.Charity, MembershipRole.Owner))
        {
            (await owner.Get<TrialService>().ChoosePlanAsync(Plans.Growth)).Succeeded.ShouldBeTrue();
        }

        await using var scope = w.Db.Scope();
        var builder = scope.ServiceProvider.GetRequiredService<ReportBuilder>();
        var report = await builder.PlatformAsync(November);
        (report.OrganizationsCreated, report.TrialsConverted, report.ConversionPercent).ShouldBe((2, 1, 50m));
        report.ByPlan.ShouldBe([new ChartPoint(Plans.Trial, 1), new ChartPoint(Plans.Growth, 1)]);
        (await builder.PlatformAsync(new ReportMonth(2026, 10))).OrganizationsCreated.ShouldBe(0);
    }

    [Fact]
    public void AMonthRunsFromMidnightToMidnightInTheOrganizationsTimeZone()
    {
        var newYork = TimeZones.Find("America/New_York");
        November.Bounds(newYork).ShouldBe((new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero)));
        November.Bounds(TimeZoneInfo.Utc).Start.ShouldBe(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        ReportMonth.Before(new DateTimeOffset(2026, 1, 1, 6, 0, 0, TimeSpan.Zero)).ShouldBe(new ReportMonth(2025, 12));
        TimeZones.Find("Nowhere/Atlantis").ShouldBe(TimeZoneInfo.Utc);
        ReportMonth.TryParse("2026-13", out _).ShouldBeFalse();
        ReportMonth.TryParse("november", out _).ShouldBeFalse();
        ReportMonth.TryParse("2026-02", out var february).ShouldBeTrue();
        (february.Days, february.Label, february.Previous.Key).ShouldBe((28, "February 2026", "2026-01"));
    }

    private static async Task<ReportRunResult> RunAsync(GivingWorld w, ReportMonth month, IJobProgress? progress = null, CancellationToken ct = default)
    {
        await using var scope = w.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<ReportService>().RunMonthlyAsync(month, null, progress ?? JobProgress.None, ct);
    }

    private static List<string> Lines(byte[] csv) =>
        Encoding.UTF8.GetString(csv).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Stops the run after its first organization, as a killed process would leave it.</summary>
    private sealed class StopAfterFirst(CancellationTokenSource stop) : IJobProgress
    {
        public void Total(int items)
        {
        }

        public void Done(int items = 1) => stop.Cancel();

        public void Log(string message)
        {
        }
    }
}
