using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Core.Jobs;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Data.Backups;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class BackupTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ABackupIsVerifiedByRestoringItAndRestoringItBringsTheDataBack(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(100m);
        await w.GiveAsync(40m);
        var folder = Directory.CreateTempSubdirectory("platform-backups-").FullName;
        try
        {
            var backups = Service(w, folder);

            var backup = await backups.RunAsync(JobProgress.None);

            backup.Verified.ShouldBeTrue(backup.Note);
            backup.Note.ShouldNotBeNull().ShouldContain("Donations 2");
            backup.Size.ShouldBeGreaterThan(1000);
            backups.List().ShouldHaveSingleItem().Name.ShouldBe(backup.Name);
            backups.PathOf("../../etc/passwd").ShouldBeNull();

            // Something happens after the backup; restoring takes the database back to the backup's moment.
            await w.GiveAsync(25m);
            (await DonationCountAsync(w)).ShouldBe(3);
            await backups.RestoreAsync(backups.PathOf(backup.Name)!);
            (await DonationCountAsync(w)).ShouldBe(2);
            await w.CheckLedgerAsync();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void OldBackupsArePrunedToSevenDailyFourWeeklyAndTwelveMonthly()
    {
        var folder = Directory.CreateTempSubdirectory("platform-prune-").FullName;
        try
        {
            var today = new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
            // Two backups a day for 400 days.
            for (var day = 0; day < 400; day++)
            {
                foreach (var hour in new[] { 2, 14 })
                {
                    var at = today.AddDays(-day).AddHours(hour - 2);
                    File.WriteAllText(Path.Combine(folder, $"platform-{at:yyyyMMdd-HHmmss}.db.gz"), "x");
                }
            }
            var backups = new BackupService(new DatabaseOptions(), new BackupOptions { Folder = folder }, TestTime.Clock(),
                NullLogger<BackupService>.Instance);

            backups.Prune();

            var kept = backups.List();
            kept.Count.ShouldBeLessThanOrEqualTo(7 + 4 + 12);
            kept.Count.ShouldBeGreaterThanOrEqualTo(7 + 12);
            kept.Take(7).Select(b => b.CreatedAt.Date).Distinct().Count().ShouldBe(7); // the newest of each of the last 7 days
            kept.Select(b => b.CreatedAt.ToString("yyyy-MM")).Distinct().Count().ShouldBe(12);
            kept.ShouldAllBe(b => b.CreatedAt.Hour == 14); // always the newest of its day
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static BackupService Service(GivingWorld w, string folder) => new(w.Db.Services.GetRequiredService<DatabaseOptions>(),
        new BackupOptions { Folder = folder }, w.Db.Services.GetRequiredService<FakeTimeProvider>(), NullLogger<BackupService>.Instance);

    private static Task<int> DonationCountAsync(GivingWorld w) => w.Db.Services.ReadAllAsync(db => db.Donations.CountAsync());
}
