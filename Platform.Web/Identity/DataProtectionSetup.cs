using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Platform.Data;

namespace Platform.Web.Identity;

public static class DataProtectionSetup
{
    public const string Section = "DataProtection";

    /// <summary>
    /// One key ring for every node, kept in the database; the application's name, not its install path, says whose keys
    /// they are. With <c>DataProtection:CertificatePath</c> (a PKCS#12 file, and <c>CertificatePassword</c>) the keys are
    /// stored encrypted with that certificate, so reading the database is not enough to forge a sign-in cookie; every node
    /// needs the same certificate. Without it they are stored as they are, and the database must be guarded as the keys.
    /// </summary>
    public static IServiceCollection AddPlatformDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var keys = services.AddDataProtection().SetApplicationName("Platform").PersistKeysToDbContext<PlatformDbContext>();
        if (configuration[$"{Section}:CertificatePath"] is { Length: > 0 } path)
        {
            keys.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, configuration[$"{Section}:CertificatePassword"]));
        }
        return services;
    }
}
