using Microsoft.Extensions.Time.Testing;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Core.Giving;
using Platform.Core.Jobs;
using Platform.Core.Payments;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class TaxStatementTests
{
    private const string Dana = "dana@donor.test";

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AYearsDeductibleGiftsBecomeOneNumberedStoredStatementEmailedAsAPdf(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(100m);
        await w.GiveAsync(50.50m);
        await w.GiveAsync(70m, program: w.OtherProgram); // Far Shore is not tax-deductible
        await w.GiveAsync(10m, card: SimulatedGateway.Declined);

        var result = await RunAsync(w, new StatementRun(2026));

        result.ShouldBe(new StatementRunResult(Donors: 1, Issued: 1, Amended: 0, Unchanged: 0, Emailed: 1));
        var statement = (await StatementsAsync(w)).Single();
        statement.Number.ShouldBe("TS-2026-000001");
        statement.OrganizationId.ShouldBe(w.Charity);
        statement.Total.ShouldBe(150.50m);
        statement.Gifts.ShouldBe(2);
        statement.EmailedAt.ShouldNotBeNull();

        var email = w.Db.Mail.Sent.Last();
        email.To.ShouldBe(Dana);
        email.Model.ShouldBeOfType<TaxStatementEmail>().Charities.ShouldBe(["Open Hands"]);
        var pdf = email.Attachments.ShouldHaveSingleItem();
        pdf.FileName.ShouldBe("tax-statement-TS-2026-000001.pdf");
        var document = await DocumentAsync(w, statement.DocumentId);
        document.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(pdf.Content)));

        var text = await PdfText.ReadAsync(pdf.Content);
        text.ShouldContain("Dana Donor");
        text.ShouldContain("1 Main Street, Springfield");
        text.ShouldContain("CH-OPEN-HANDS");
        text.ShouldContain("TS-2026-000001");
        text.ShouldContain("R-2026-000001");
        text.ShouldContain("R-2026-000002");
        text.ShouldContain("$100.00");
        text.ShouldContain("$50.50");
        text.ShouldContain("$150.50");
        text.ShouldNotContain("$70.00");
        text.ShouldContain("No goods or services were provided");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AGiftBelongsToTheYearItWasGivenInTheCharitysOwnTimeZone(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider, startsAt: new DateTimeOffset(2026, 1, 1, 4, 30, 0, TimeSpan.Zero));
        await using (var owner = w.Db.As(w.Charity, MembershipRole.Owner))
        {
            await using var db = await owner.Get<IPlatformDbFactory>().CreateAsync();
            (await db.Organizations.SingleAsync()).SetRegional("America/New_York", "USD");
            await db.SaveChangesAsync();
        }
        var clock = w.Db.Services.GetRequiredService<FakeTimeProvider>(); // now 23:30 on 31 December 2025 in New York
        await w.GiveAsync(30m);
        clock.SetUtcNow(new DateTimeOffset(2026, 1, 1, 5, 30, 0, TimeSpan.Zero)); // 00:30 on 1 January 2026 there
        await w.GiveAsync(20m);
        clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 4, 30, 0, TimeSpan.Zero)); // 23:30 on 31 December 2026 there
        await w.GiveAsync(7m);
        clock.SetUtcNow(new DateTimeOffset(2027, 1, 15, 2, 0, 0, TimeSpan.Zero));

        await RunAsync(w, new StatementRun(2025));
        await RunAsync(w, new StatementRun(2026));

        var statements = await StatementsAsync(w);
        statements.Single(s => s.Year == 2025).Total.ShouldBe(30m);
        var year2026 = statements.Single(s => s.Year == 2026);
        (year2026.Total, year2026.Gifts).ShouldBe((27m, 2));
        // Dated as the charity counts them.
        var text = await PdfText.ReadAsync((await DocumentAsync(w, year2026.DocumentId)).Content);
        text.ShouldContain("1 Jan 2026");
        text.ShouldContain("31 Dec 2026");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task RunningTheYearAgainIssuesNothingTwiceButARefundAfterIssueGetsAnAmendedStatement(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var gift = await w.GiveAsync(100m);
        await w.GiveAsync(40m);
        await RunAsync(w, new StatementRun(2026));
        var original = (await StatementsAsync(w)).Single();
        var originalHash = (await DocumentAsync(w, original.DocumentId)).Sha256;
        var mails = w.Db.Mail.Sent.Count;

        (await RunAsync(w, new StatementRun(2026))).ShouldBe(new StatementRunResult(1, 0, 0, 1, 0));
        (await StatementsAsync(w)).Count.ShouldBe(1);
        w.Db.Mail.Sent.Count.ShouldBe(mails);

        await using (var owner = w.Db.As(w.Charity, MembershipRole.Owner))
        {
            (await owner.Get<GivingService>().RefundAsync(gift.DonationId, 25m, "Duplicate gift", "refund-1")).Succeeded.ShouldBeTrue();
        }
        (await RunAsync(w, new StatementRun(2026))).ShouldBe(new StatementRunResult(1, 0, 1, 0, 1));

        var statements = await StatementsAsync(w);
        statements.Count.ShouldBe(2);
        var amended = statements.Single(s => s.Revision == 1);
        amended.AmendsId.ShouldBe(original.Id);
        amended.Number.ShouldBe("TS-2026-000002");
        amended.Total.ShouldBe(115m);
        (await DocumentAsync(w, original.DocumentId)).Sha256.ShouldBe(originalHash); // the original is untouched
        var text = await PdfText.ReadAsync(w.Db.Mail.Sent.Last().Attachments.Single().Content);
        text.ShouldContain("replaces statement TS-2026-000001");
        text.ShouldContain("$115.00");

        await using var scope = w.Db.Scope();
        var listed = await scope.ServiceProvider.GetRequiredService<TaxStatementService>().DonorStatementsAsync(Guid.NewGuid(), Dana);
        listed.Select(s => (s.Number, s.Superseded, s.AmendsNumber)).ShouldBe(
            [("TS-2026-000002", false, "TS-2026-000001"), ("TS-2026-000001", true, null)], ignoreOrder: true);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ADonorOfSeveralCharitiesGetsEachStatementAndASummaryInOneEmail(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await MakeDeductibleAsync(w, w.OtherCharity);
        await w.GiveAsync(100m);
        await w.GiveAsync(30m, program: w.OtherProgram);
        await w.GiveAsync(20m, donor: GivingWorld.Donor("sam@donor.test") with { Name = "Sam Other" });

        var result = await RunAsync(w, new StatementRun(2026));

        result.ShouldBe(new StatementRunResult(2, 3, 0, 0, 2));
        var statements = await StatementsAsync(w);
        // Numbered per charity: each charity's first statement of the year is 000001.
        statements.Where(s => s.OrganizationId == w.OtherCharity).Select(s => s.Number).ShouldBe(["TS-2026-000001"]);
        statements.Where(s => s.OrganizationId == w.Charity).Select(s => s.Number).Order().ShouldBe(["TS-2026-000001", "TS-2026-000002"]);
        var dana = w.Db.Mail.Sent.Single(m => m.To == Dana && m.Model is TaxStatementEmail);
        dana.Attachments.Count.ShouldBe(3);
        var summary = await PdfText.ReadAsync(dana.Attachments.Single(a => a.FileName == "giving-summary-2026.pdf").Content);
        summary.ShouldContain("Open Hands");
        summary.ShouldContain("Far Shore");
        summary.ShouldContain("$130.00");
        w.Db.Mail.Sent.Single(m => m.To == "sam@donor.test" && m.Model is TaxStatementEmail).Attachments.Count.ShouldBe(1);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TwoRunsAtOnceIssueEachStatementOnce(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        for (var i = 0; i < 4; i++)
        {
            await w.GiveAsync(10m + i, donor: GivingWorld.Donor($"donor{i}@donor.test"));
        }

        await Task.WhenAll(RunAsync(w, new StatementRun(2026)), RunAsync(w, new StatementRun(2026)));

        var statements = await StatementsAsync(w);
        statements.Count.ShouldBe(4);
        statements.Select(s => s.Number).Distinct().Count().ShouldBe(4);
        statements.ShouldAllBe(s => s.Revision == 0);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ADonorDownloadsOnlyTheirOwnStatements(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var dana = await w.Db.CreateUserAsync(Dana, "Dana Donor");
        await w.GiveAsync(100m, donor: GivingWorld.Donor(Dana, dana.Id));
        await w.GiveAsync(20m, donor: GivingWorld.Donor("sam@donor.test"));
        await RunAsync(w, new StatementRun(2026));
        var statements = await StatementsAsync(w);
        var sams = statements.Single(s => s.DonorEmail == "sam@donor.test");
        var danas = statements.Single(s => s.DonorEmail == Dana);

        await using var scope = w.Db.Scope();
        var service = scope.ServiceProvider.GetRequiredService<TaxStatementService>();
        (await service.DonorStatementFileAsync(danas.Id, dana.Id, Dana)).ShouldNotBeNull().Content.Take(4).ShouldBe("%PDF"u8.ToArray());
        (await service.DonorStatementFileAsync(sams.Id, dana.Id, Dana)).ShouldBeNull();
        (await service.DonorStatementsAsync(dana.Id, Dana)).Select(s => s.Number).ShouldBe([danas.Number]);
        (await service.CombinedFileAsync(dana.Id, Dana, 2026)).ShouldNotBeNull().Content.Length.ShouldBeGreaterThan(1000);
        (await service.CombinedFileAsync(dana.Id, Dana, 2025)).ShouldBeNull();
    }

    [Fact]
    public void ARunForTheFutureOrWithoutAValidDonorIsRefused()
    {
        var service = new TaxStatementService(null!, null!, null!, null!, null!, null!, new GivingOptions(), TestTime.Clock(), null!);

        service.Validate(new StatementRun(2027)).ToDictionary().Keys.ShouldBe(["Year"]);
        service.Validate(new StatementRun(1999)).ToDictionary().Keys.ShouldBe(["Year"]);
        service.Validate(new StatementRun(2026, DonorEmail: "nobody")).ToDictionary().Keys.ShouldBe(["DonorEmail"]);
        service.Validate(new StatementRun(2026, DonorEmail: "a@b.test")).IsValid.ShouldBeTrue();
    }

    private static async Task<StatementRunResult> RunAsync(GivingWorld w, StatementRun run)
    {
        await using var scope = w.Db.Scope();
        return await scope.ServiceProvider.GetRequiredService<TaxStatementService>().IssueAsync(run, JobProgress.None);
    }

    private static Task<List<TaxStatement>> StatementsAsync(GivingWorld w) => w.Db.Services.ReadAllAsync(db =>
        db.TaxStatements.AsNoTracking().OrderBy(s => s.IssuedAt).ThenBy(s => s.Revision).ToListAsync());

    private static Task<Platform.Core.Documents.StoredDocument> DocumentAsync(GivingWorld w, Guid id) =>
        w.Db.Services.ReadAllAsync(db => db.Documents.AsNoTracking().SingleAsync(d => d.Id == id));

    private static async Task MakeDeductibleAsync(GivingWorld w, Guid charity)
    {
        await using var member = w.Db.As(charity, MembershipRole.Owner);
        await using var db = await member.Get<IPlatformDbFactory>().CreateAsync();
        var org = await db.Organizations.SingleAsync();
        org.SetCharityDetails("CH-FAR-SHORE", true, "Deductible as the law allows.");
        await db.SaveChangesAsync();
    }
}
