using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Common;
using Platform.Core.Data;
using Platform.Core.Ledger;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

public sealed class LedgerCheckTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnEntryBookedBetweenTheChecksReadsIsLeftOutWholeInsteadOfShowingAsAnEmptyEntry(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await w.GiveAsync(100m);
        var before = await w.CheckLedgerAsync();
        var booking = new BookBeforeSecondRead(() => BookAsync(w));

        await using var scope = w.Db.Scope();
        var report = await new LedgerCheck(new CheckFactory(scope.ServiceProvider, provider, booking)).RunAsync();

        booking.Booked.ShouldBeTrue("the entry was committed while the check was reading");
        report.IsHealthy.ShouldBeTrue(report.ToString());
        (report.Entries, report.Lines).ShouldBe((before.Entries, before.Lines), "the check counts the ledger as it stood at its first read");
        var now = await w.CheckLedgerAsync();
        (now.Entries, now.Lines).ShouldBe((before.Entries + 1, before.Lines + 2));
    }

    /// <summary>A balanced entry booked and committed on a connection of its own, as a payout or a gift books one.</summary>
    private static async Task BookAsync(GivingWorld w)
    {
        await using var scope = w.Db.Scope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IPlatformDbFactory>().CreateAsync();
        await scope.ServiceProvider.GetRequiredService<LedgerService>().PostAsync(db, "test:between-reads", "Booked while the check reads", null,
            [new Posting(AccountKeys.GatewayClearing, new Money(5m, "USD")), new Posting(AccountKeys.PlatformFees, new Money(-5m, "USD"))]);
        await db.SaveChangesAsync();
    }

    /// <summary>Runs <paramref name="book"/> to its commit just before the check's second query, so the interleaving is certain.</summary>
    private sealed class BookBeforeSecondRead(Func<Task> book) : DbCommandInterceptor
    {
        private int _queries;

        public bool Booked { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await BeforeQueryAsync();
            return result;
        }

        public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            await BeforeQueryAsync();
            return result;
        }

        private async Task BeforeQueryAsync()
        {
            if (++_queries == 2)
            {
                await book();
                Booked = true;
            }
        }
    }

    /// <summary>The app's own context for the provider, with the booking interceptor added, for the check alone.</summary>
    private sealed class CheckFactory(IServiceProvider services, DatabaseProvider provider, IInterceptor interceptor) : IPlatformDbFactory
    {
        public Task<IPlatformDb> CreateAsync(CancellationToken cancellationToken = default) => Task.FromResult(provider switch
        {
            DatabaseProvider.Postgres => Create<PostgresPlatformDbContext>(),
            DatabaseProvider.MariaDb => Create<MariaDbPlatformDbContext>(),
            _ => Create<SqlitePlatformDbContext>(),
        });

        private IPlatformDb Create<TContext>() where TContext : PlatformDbContext
        {
            var options = new DbContextOptionsBuilder<TContext>(services.GetRequiredService<DbContextOptions<TContext>>())
                .AddInterceptors(interceptor).Options;
            return ActivatorUtilities.CreateInstance<TContext>(services, options);
        }
    }
}
