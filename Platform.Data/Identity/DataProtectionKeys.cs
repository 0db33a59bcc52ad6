using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Platform.Data.Identity;

/// <summary>One data-protection key ring element (a key or its revocation), as ASP.NET Core wrote it.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }

    public string FriendlyName { get; set; } = "";

    public string Xml { get; set; } = "";
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b)
    {
        b.ToTable("DataProtectionKeys");
        b.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}

/// <summary>
/// The key ring in the application database, so every node of a cluster signs and reads the same cookies, antiforgery
/// tokens and one-click email links, and a restart or a new container does not sign everyone out. Keys are secrets:
/// they are never audited, and the database is to be guarded as they are.
/// </summary>
internal sealed class DatabaseXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}

public static class DataProtectionKeysExtensions
{
    /// <summary>Keeps the data-protection key ring in the application database (table DataProtectionKeys).</summary>
    public static IDataProtectionBuilder PersistKeysToPlatformDatabase(this IDataProtectionBuilder builder)
    {
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));
        return builder;
    }
}
