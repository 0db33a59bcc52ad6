using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Platform.Core.Messaging;

namespace Platform.Web.Messaging;

/// <summary>Absolute links for emails: App:PublicUrl when set, else the address this server listens on.</summary>
internal sealed class AppLinks(IConfiguration configuration, IServer server, RecurringLinkTokens recurringTokens) : IAppLinks
{
    public string AcceptInvitation(string token) => Url($"/invitations/accept?token={Uri.EscapeDataString(token)}");

    public string MagicLink(string email, string token) =>
        Url($"/Account/MagicLink/Verify?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}");

    public string SignIn() => Url("/Account/Login");

    public string ConfirmEmail(Guid userId, string code, string? returnUrl = null) =>
        Url($"/Account/ConfirmEmail?userId={userId}&code={Uri.EscapeDataString(code)}"
            + (returnUrl is null ? "" : $"&returnUrl={Uri.EscapeDataString(returnUrl)}"));

    public string ResetPassword(string email, string code) =>
        Url($"/Account/ResetPassword?email={Uri.EscapeDataString(email)}&code={Uri.EscapeDataString(code)}");

    public string DonationJourney(Guid donationId) => Url($"/donor/donations/{donationId}");

    public string Register(string email) => Url($"/Account/Register?email={Uri.EscapeDataString(email)}&returnUrl=%2Fdonor");

    public string DonorStatements() => Url("/donor/statements");

    public string AdminJobRun(Guid runId) => Url($"/admin/jobs/runs/{runId}");

    public string RecurringAction(Guid recurringGiftId, Platform.Core.Giving.RecurringAction action) =>
        Url($"/recurring?token={Uri.EscapeDataString(recurringTokens.Create(recurringGiftId, action))}");

    public string DonorRecurring() => Url("/donor/recurring");

    public string MerchantPayouts() => Url("/merchant/payouts");

    public string MerchantReports() => Url("/merchant/reports");

    public string AdminReports() => Url("/admin/reports");

    public string MerchantPlan() => Url("/merchant/plan");

    private string Url(string path) => BaseUrl().TrimEnd('/') + path;

    private string BaseUrl()
    {
        if (configuration["App:PublicUrl"] is { Length: > 0 } configured)
        {
            return configured;
        }
        return ServerAddress.Local(server) ?? "http://localhost:5000";
    }
}

/// <summary>The address this server listens on, as a URL a local client can call (wildcard hosts become localhost).</summary>
internal static class ServerAddress
{
    /// <param name="preferPlainHttp">For calls from inside the process, which need no certificate.</param>
    public static string? Local(IServer server, bool preferPlainHttp = false)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = (preferPlainHttp ? addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) : null)
                      ?? addresses.FirstOrDefault();
        return address?.Replace("//0.0.0.0", "//localhost").Replace("//[::]", "//localhost").Replace("//+", "//localhost")
            .Replace("//*", "//localhost");
    }
}
