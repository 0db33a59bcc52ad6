using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;
using Platform.Web.Identity;

namespace Platform.Tests.Data;

public sealed class DataProtectionKeyTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TwoNodesOnOneDatabaseReadEachOthersProtectedDataAndTheKeysAreNeverAudited(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var database = db.Services.GetRequiredService<DatabaseOptions>();
        await using var first = Node(database);
        await using var second = Node(database);

        // What one node seals (a cookie, an antiforgery token, a one-click link), another node opens.
        var sealedByFirst = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("links").Protect("gift 42");
        second.GetRequiredService<IDataProtectionProvider>().CreateProtector("links").Unprotect(sealedByFirst).ShouldBe("gift 42");

        await using var scope = db.Scope();
        using var _ = scope.ServiceProvider.GetRequiredService<ITenantContext>().AcrossTenants("test assertion");
        await using var read = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        (await read.DataProtectionKeys.CountAsync()).ShouldBe(1);
        (await read.AuditEntries.CountAsync(a => a.EntityType == nameof(DataProtectionKey))).ShouldBe(0);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task WithACertificateTheStoredKeysAreEncryptedAndEveryNodeHoldingItReadsThem(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var database = db.Services.GetRequiredService<DatabaseOptions>();
        var pfx = Path.Combine(Path.GetTempPath(), $"platform-keys-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Platform data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "secret"));
        }
        try
        {
            var settings = new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = pfx, ["DataProtection:CertificatePassword"] = "secret" };
            await using var first = Node(database, settings);
            await using var second = Node(database, settings);

            var sealedByFirst = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("links").Protect("gift 42");
            second.GetRequiredService<IDataProtectionProvider>().CreateProtector("links").Unprotect(sealedByFirst).ShouldBe("gift 42");

            await using var scope = db.Scope();
            await using var read = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
            var stored = (await read.DataProtectionKeys.SingleAsync()).Xml.ShouldNotBeNull();
            stored.ShouldContain("encryptedSecret");
            stored.ShouldNotContain("<masterKey"); // the key itself is not readable from the database
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    // A node as the web host sets it up: the same data-protection wiring, from configuration.
    private static ServiceProvider Node(DatabaseOptions database, Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformData(new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString, SeedDemoData = false });
        services.AddPlatformDataProtection(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());
        return services.BuildServiceProvider();
    }
}
