using System.Globalization;
using System.Security.Claims;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Web.Components.Pages.Donor;

namespace Platform.Web.Payments;

/// <summary>
/// Documents people download: a donor's gifts as CSV, tax statements and yearly summary; an organization's payout statements.
/// </summary>
public static class Downloads
{
    public static void MapDownloads(this IEndpointRouteBuilder endpoints)
    {
        // The donor's gifts, with the same filters as the page.
        endpoints.MapGet("/donor/donations.csv", async (ClaimsPrincipal user, GivingQueries giving, int? year, DonationStatus? status) =>
        {
            var (id, email) = DonorIdentity.Of(user);
            var gifts = (await giving.AllDonorGiftsAsync(id, email))
                .Where(g => year is null || g.CreatedAt.Year == year)
                .Where(g => status is null || g.Status == status);
            var csv = Csv.Write(["Date", "Charity", "Program", "Amount", "Currency", "Refunded", "Status", "Journey", "Receipt", "TaxDeductible"],
                gifts.Select(g => (IReadOnlyList<object?>)
                [
                    g.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), g.CharityName, g.ProgramName,
                    g.Charged.Amount, g.Charged.Currency, g.Refunded.Amount, g.Status.ToString(), g.Stage.Label(), g.ReceiptNumber,
                    g.IsTaxDeductible ? "yes" : "no",
                ]));
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv", $"gifts{(year is null ? "" : $"-{year}")}.csv");
        }).RequireAuthorization(PortalPolicies.Donor);

        // One issued statement, exactly as issued (its hash is checked); another donor's is not found.
        endpoints.MapGet("/donor/statements/{id:guid}.pdf", async (Guid id, ClaimsPrincipal user, TaxStatementService statements) =>
        {
            var (userId, email) = DonorIdentity.Of(user);
            return await statements.DonorStatementFileAsync(id, userId, email) is { } file
                ? Results.File(file.Content, file.ContentType, file.FileName)
                : Results.NotFound();
        }).RequireAuthorization(PortalPolicies.Donor);

        // The year's summary across charities, printed now from the donor's current statements.
        endpoints.MapGet("/donor/statements/{year:int}/summary.pdf", async (int year, ClaimsPrincipal user, TaxStatementService statements,
            CancellationToken ct) =>
        {
            var (userId, email) = DonorIdentity.Of(user);
            return await statements.CombinedFileAsync(userId, email, year, ct) is { } file
                ? Results.File(file.Content, file.ContentType, file.FileName)
                : Results.NotFound();
        }).RequireAuthorization(PortalPolicies.Donor);

        // A payout statement, for the organization's owners and managers.
        endpoints.MapGet("/merchant/payouts/{id:guid}.pdf", async (Guid id, Platform.Core.Payouts.PayoutService payouts, CancellationToken ct) =>
            await payouts.StatementAsync(id, ct) is { } file ? Results.File(file.Content, file.ContentType, file.FileName) : Results.NotFound())
            .RequireAuthorization(PortalPolicies.MerchantManager);
    }
}
