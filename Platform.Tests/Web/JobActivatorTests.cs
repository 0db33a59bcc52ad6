using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data;
using Platform.Web.Jobs;

namespace Platform.Tests.Web;

/// <summary>Several hosts in one process (the tests, the benchmark) each run their jobs in their own services.</summary>
public sealed class JobActivatorTests
{
    [Fact]
    public void AHostsJobsAreActivatedFromThatHostsServicesWhicheverHostWasConfiguredLast()
    {
        using var first = Services();
        using var second = Services();
        // In this order, as two hosts starting side by side may be: the second writes Hangfire's process-wide settings last.
        first.GetRequiredService<IGlobalConfiguration>();
        second.GetRequiredService<IGlobalConfiguration>();

        foreach (var services in new[] { first, second })
        {
            using var scope = services.GetRequiredService<JobActivator>().BeginScope((JobActivatorContext)null!);
            scope.Resolve(typeof(JobsOptions)).ShouldBeSameAs(services.GetRequiredService<JobsOptions>());
        }
    }

    private static ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" })
            .Build();
        return new ServiceCollection().AddLogging().AddPlatformJobs(configuration, new DatabaseOptions()).BuildServiceProvider();
    }
}
